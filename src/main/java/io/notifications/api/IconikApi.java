package io.notifications.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.notifications.iconik.IconikAction;
import io.notifications.iconik.IconikEndpoints;
import io.notifications.iconik.IconikProperties;
import io.notifications.item.ItemTransitions.AssetQueued;
import io.notifications.system.InvalidInputException;
import io.notifications.system.UnauthorizedException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * {@code POST /api/iconik/events} and {@code POST /api/iconik/actions}: iconik's webhooks and custom actions call
 * these directly. Both require {@code iconik.webhook-secret} in the {@code X-Iconik-Secret} header, and are off until
 * iconik's API and credentials are set.
 */
@Component("iconikApi")
public class IconikApi {

    private final IconikProperties properties;
    private final ObjectMapper objectMapper;
    private final IconikEndpoints endpoints;

    public IconikApi(IconikProperties properties, ObjectMapper objectMapper, IconikEndpoints endpoints) {
        this.properties = properties;
        this.objectMapper = objectMapper;
        this.endpoints = endpoints;
    }

    public void authorize(String secret) {
        String expected = properties.webhookSecret();
        if (expected == null || expected.isBlank() || !endpoints.connected(properties)) {
            throw new UnauthorizedException("the iconik HTTP intake is off: iconik.base-url, iconik.app-id, "
                    + "iconik.auth-token and iconik.webhook-secret are not all set");
        }
        if (secret == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                secret.getBytes(StandardCharsets.UTF_8))) {
            throw new UnauthorizedException("X-Iconik-Secret is missing or wrong");
        }
    }

    public IconikAction action(String body) {
        IconikAction action;
        try {
            action = objectMapper.readValue(body == null ? "" : body, IconikAction.class);
        } catch (JsonProcessingException e) {
            throw InvalidInputException.of("body", "is not a custom action payload: " + e.getOriginalMessage());
        }
        if (action == null || action.actionId() == null || action.actionId().isBlank()) {
            throw InvalidInputException.of("action_id", "is required");
        }
        if (action.assetIds().isEmpty() && action.collectionIds().isEmpty()) {
            throw InvalidInputException.of("asset_ids", "asset_ids or collection_ids must name something to process");
        }
        return action;
    }

    /** What an intake call recorded: the items of the assets it named, and how many of them are new. */
    public record Accepted(List<Long> items, long created) {
    }

    /** 202 with what was recorded. */
    public void accepted(Exchange exchange) throws JsonProcessingException {
        List<?> results = exchange.getMessage().getBody(List.class);
        List<AssetQueued> queued = results == null ? List.of() : results.stream()
                .filter(AssetQueued.class::isInstance).map(AssetQueued.class::cast).toList();
        Accepted answer = new Accepted(queued.stream().map(AssetQueued::itemId).distinct().toList(),
                queued.stream().filter(AssetQueued::created).count());
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 202);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(objectMapper.writeValueAsString(answer));
    }
}
