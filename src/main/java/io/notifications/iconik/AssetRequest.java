package io.notifications.iconik;

/**
 * An asset that an event or action asks to process under a rule.
 *
 * @param collectionId the collection the asset came through, if any
 * @param viaCollectionEvent true when the event named the collection, so the rule's collection filter is already met
 */
public record AssetRequest(String assetId, String collectionId, IconikRule rule, boolean viaCollectionEvent) {
}
