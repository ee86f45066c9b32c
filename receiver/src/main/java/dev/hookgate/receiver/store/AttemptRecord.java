package dev.hookgate.receiver.store;

import java.time.Instant;

/**
 * One attempt to hand a delivery to its target.
 *
 * @param attempt 1 for the first attempt
 * @param at when the attempt finished
 * @param statusCode the target's HTTP status; 0 when there was none (connection refused, timed out)
 * @param detail what happened, for people ("HTTP 503", "timed out"); never a secret
 * @param durationMillis how long the attempt took
 */
public record AttemptRecord(int attempt, Instant at, int statusCode, String detail, long durationMillis) {}
