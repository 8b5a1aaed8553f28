package io.notifications.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may call the service.
 *
 * @param apiKeys the keys the REST API and the consoles accept, in the {@code X-API-Key} header or as the password
 *                of HTTP basic auth (any user name). Each is a key, or {@code sha256:<hex>}, the SHA-256 of one, so
 *                that the key itself need not be kept in configuration. None: every call but health gets 401.
 */
@ConfigurationProperties("notifications.security")
public record SecurityProperties(@DefaultValue List<String> apiKeys) {
}
