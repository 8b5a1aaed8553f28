package io.notifications.embedded;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The local iconik simulator that stands in for iconik when none is configured. While it runs, the service talks
 * to it instead of {@code iconik.base-url}, with {@code iconik.app-id} and {@code iconik.auth-token}.
 *
 * @param enabled start it (the demo profile does; off by default, and refused together with {@code iconik.base-url})
 * @param host    the address it listens on
 * @param port    its port; 0 picks a free one
 * @param demo    seed it with demo assets and a demo collection
 * @param rateLimit iconik's limits per credential set, which it enforces with 429 and {@code Retry-After}
 */
@ConfigurationProperties("notifications.embedded.iconik")
public record EmbeddedIconikProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("127.0.0.1") String host,
        @DefaultValue("9326") int port,
        @DefaultValue("true") boolean demo,
        @DefaultValue RateLimit rateLimit) {

    /**
     * iconik's published limits: about 50 requests/s sustained, and 1,000 in any 20 s.
     *
     * @param enabled   answer calls past either limit with 429 and {@code Retry-After}; every answer says
     *                  {@code RateLimit-Remaining} of the window
     * @param perSecond sustained requests per second, also the largest burst
     * @param perWindow requests in any {@code window}
     * @param window    the window of {@code perWindow}
     */
    public record RateLimit(@DefaultValue("true") boolean enabled, @DefaultValue("50") int perSecond,
                            @DefaultValue("1000") int perWindow, @DefaultValue("20s") Duration window) {
    }
}
