package io.notifications.embedded;

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
 */
@ConfigurationProperties("notifications.embedded.iconik")
public record EmbeddedIconikProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("127.0.0.1") String host,
        @DefaultValue("9326") int port,
        @DefaultValue("true") boolean demo) {
}
