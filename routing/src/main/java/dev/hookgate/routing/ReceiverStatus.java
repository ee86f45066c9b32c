package dev.hookgate.routing;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * What one receiver pod reports on its internal port ({@code GET /internal/routes}): the routes it serves now,
 * each with the endpoint generation it was compiled from, so the operator can tell when a spec change is live.
 *
 * @param loadedAt when the routing table now in use was loaded; null before any table was loaded
 * @param loadError why the latest routes file was refused (the previous table stays in use); null when fine
 * @param routes one entry per route served
 * @param sharedStore the id of the delivery store when other receivers share it (one PostgreSQL database): their
 *     delivery counts are the same store's, to be counted once; null for a store of this receiver's own
 * @param storeProblem why this receiver's own store takes no deliveries now (full, failing, written by another
 *     process: the receiver is not ready meanwhile); null when it takes them
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReceiverStatus(Instant loadedAt, String loadError, List<ServedRoute> routes, String sharedStore,
    String storeProblem) {

  public ReceiverStatus {
    routes = routes == null ? List.of() : List.copyOf(routes);
  }

  /** A receiver whose store takes deliveries. */
  public ReceiverStatus(Instant loadedAt, String loadError, List<ServedRoute> routes, String sharedStore) {
    this(loadedAt, loadError, routes, sharedStore, null);
  }

  /** A receiver with a store of its own. */
  public ReceiverStatus(Instant loadedAt, String loadError, List<ServedRoute> routes) {
    this(loadedAt, loadError, routes, null, null);
  }

  /**
   * @param lastEventTime when this receiver last accepted a verified delivery for the route; null if never
   * @param deliveries what the receiver's delivery store holds for the route's endpoint; null when unknown
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ServedRoute(String slug, EndpointRef endpoint, Instant lastEventTime, DeliveryCounts deliveries) {

    public ServedRoute(String slug, EndpointRef endpoint, Instant lastEventTime) {
      this(slug, endpoint, lastEventTime, null);
    }
  }

  /**
   * An endpoint's deliveries in one receiver's store (with a shared store: in the shared store).
   *
   * @param received stored since the store was created (duplicates and filtered deliveries not counted)
   * @param delivered accepted by the target since the store was created
   * @param pending stored, not yet delivered or dead-lettered
   * @param deadLettered dead letters now (replayed ones no longer count)
   * @param lastReceivedAt when the latest delivery was stored; null if none
   * @param lastError the latest failed attempt's detail; null if none
   * @param stoppedReason why deliveries to the endpoint are stopped (its target answered 410); null when not
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record DeliveryCounts(long received, long delivered, long pending, long deadLettered,
      Instant lastReceivedAt, String lastError, String stoppedReason) {}
}
