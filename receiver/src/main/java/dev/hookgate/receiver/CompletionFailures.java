package dev.hookgate.receiver;

import java.util.concurrent.CompletionException;

/** What went wrong in a future: the exception a {@link CompletionException} wraps, else the exception itself. */
public final class CompletionFailures {

  private CompletionFailures() {}

  public static Throwable cause(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
  }
}
