package io.notifications.api;

import java.util.Map;

/**
 * An error as the OpenAPI document describes it ({@code routes/rest-api.yaml} names it in every error response): the
 * members {@link io.notifications.system.Problems} gives each problem detail it makes. {@code type} is
 * {@code about:blank} or {@code https://notifications-api/problems/validation}; only the latter has {@code fields}.
 */
public record Problem(String type, String title, int status, String detail, String instance,
                      Map<String, String> fields) {
}
