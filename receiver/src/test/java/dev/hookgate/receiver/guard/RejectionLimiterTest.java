package dev.hookgate.receiver.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookgate.receiver.config.RejectionLimitConfig;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RejectionLimiterTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final InetAddress FORGER = CidrRange.parseLiteral("203.0.113.7");
  private static final InetAddress OTHER = CidrRange.parseLiteral("198.51.100.1");

  @Test
  void anAddressIsHeardUntilItsBurstOfRejectionsIsUsedUp() {
    RejectionLimiter limiter = new RejectionLimiter(new RejectionLimitConfig(60, 3, 100));

    for (int i = 0; i < 3; i++) {
      assertThat(limiter.blockedFor(FORGER, T0)).as("rejection %d", i).isEmpty();
      limiter.rejected(FORGER, T0);
    }

    assertThat(limiter.blockedFor(FORGER, T0)).contains(Duration.ofSeconds(1));
    assertThat(limiter.blockedFor(OTHER, T0)).as("other addresses are unaffected").isEmpty();
  }

  @Test
  void tokensGrowBackAtTheConfiguredRate() {
    RejectionLimiter limiter = new RejectionLimiter(new RejectionLimitConfig(6, 2, 100)); // one token per 10 s
    limiter.rejected(FORGER, T0);
    limiter.rejected(FORGER, T0);

    assertThat(limiter.blockedFor(FORGER, T0)).contains(Duration.ofSeconds(10));
    assertThat(limiter.blockedFor(FORGER, T0.plusSeconds(4))).contains(Duration.ofSeconds(6));
    assertThat(limiter.blockedFor(FORGER, T0.plusSeconds(10))).isEmpty();

    limiter.rejected(FORGER, T0.plusSeconds(10));
    assertThat(limiter.blockedFor(FORGER, T0.plusSeconds(10))).as("one token grew back, one used").isPresent();
    assertThat(limiter.blockedFor(FORGER, T0.plusSeconds(60))).isEmpty();
  }

  @Test
  void aBucketNeverHoldsMoreThanItsBurst() {
    RejectionLimiter limiter = new RejectionLimiter(new RejectionLimitConfig(60, 2, 100));
    limiter.rejected(FORGER, T0);
    Instant muchLater = T0.plus(Duration.ofDays(1));
    limiter.rejected(FORGER, muchLater);
    limiter.rejected(FORGER, muchLater);

    assertThat(limiter.blockedFor(FORGER, muchLater)).isPresent();
  }

  @Test
  void anIpv6SubscriberIsCountedPerSlash64() {
    RejectionLimiter limiter = new RejectionLimiter(new RejectionLimitConfig(60, 2, 100));
    limiter.rejected(CidrRange.parseLiteral("2001:db8:1:2::1"), T0);
    limiter.rejected(CidrRange.parseLiteral("2001:db8:1:2::ffff"), T0);

    assertThat(limiter.blockedFor(CidrRange.parseLiteral("2001:db8:1:2:abcd::9"), T0)).isPresent();
    assertThat(limiter.blockedFor(CidrRange.parseLiteral("2001:db8:1:3::1"), T0)).isEmpty();
  }

  @Test
  void tracksAtMostMaxAddressesForgettingTheLeastRecentlyRejected() {
    RejectionLimiter limiter = new RejectionLimiter(new RejectionLimitConfig(1, 1, 100)); // nothing regrows in 10 s
    limiter.rejected(FORGER, T0);
    for (int i = 0; i < 10_000; i++) {
      limiter.rejected(CidrRange.parseLiteral("10.0." + (i / 256) + "." + (i % 256)), T0.plusMillis(i));
      if (i % 50 == 0) {
        limiter.blockedFor(FORGER, T0.plusMillis(i)); // still hammering: stays tracked
      }
    }

    assertThat(limiter.trackedAddresses()).isEqualTo(100);
    assertThat(limiter.blockedFor(FORGER, T0.plusMillis(10_000))).isPresent();
    assertThat(limiter.blockedFor(CidrRange.parseLiteral("10.0.0.0"), T0.plusMillis(10_000))).isEmpty();
  }
}
