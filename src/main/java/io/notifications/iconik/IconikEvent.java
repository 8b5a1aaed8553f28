package io.notifications.iconik;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One iconik webhook event, as iconik posts it to a webhook URL or an SQS queue.
 *
 * @param eventType e.g. {@code assets} or {@code collections}
 * @param objectId  the asset or collection the event is about
 * @param realm     e.g. {@code entity}, {@code contents}, {@code metadata}
 * @param operation e.g. {@code create}, {@code update}, {@code delete}
 * @param data      the event's details; for collection contents, {@code object_type} and {@code object_id}
 */
public record IconikEvent(String systemDomainId, String eventType, String objectId, String realm, String operation,
                          JsonNode data, String requestId) {

    /** {@code event_type.realm.operation}, which rules match against. */
    public String key() {
        return eventType + "." + (realm == null ? "entity" : realm) + "." + (operation == null ? "" : operation);
    }

    /** The asset added to a collection, for a {@code collections.contents.*} event about an asset; else null. */
    public String containedAssetId() {
        if (!"collections".equals(eventType) || !"contents".equals(realm) || data == null
                || !"assets".equals(data.path("object_type").asText())) {
            return null;
        }
        String id = data.path("object_id").asText("");
        return id.isBlank() ? null : id;
    }
}
