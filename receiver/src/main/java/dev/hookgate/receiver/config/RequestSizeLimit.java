package dev.hookgate.receiver.config;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.server.HttpServerConfiguration;
import jakarta.inject.Singleton;

/**
 * The server's request size limit ({@code micronaut.server.max-request-size}, one setting for both ports): the body
 * cap ({@code hookgate.max-body-bytes}) plus {@link #HANDOFF_HEADROOM}. A body a provider may send can then always
 * be handed to another receiver, with its headers and, when a drain moves it, its attempts ahead of it; a provider's
 * body over the cap is still refused with 413, by the server past the headroom and by the webhook controller below.
 */
@Singleton
public class RequestSizeLimit implements BeanCreatedEventListener<HttpServerConfiguration> {

  /** Room for a hand-over's head: the delivery's headers and a moved delivery's attempts, as JSON. */
  public static final long HANDOFF_HEADROOM = 1024 * 1024;

  private final long maxBodyBytes;

  public RequestSizeLimit(ReceiverConfig config) {
    this.maxBodyBytes = config.maxBodyBytes();
  }

  @Override
  public HttpServerConfiguration onCreated(BeanCreatedEvent<HttpServerConfiguration> event) {
    HttpServerConfiguration server = event.getBean();
    server.setMaxRequestSize(maxBodyBytes + HANDOFF_HEADROOM);
    return server;
  }
}
