package io.notifications.iconik;

/**
 * An asset that an event or action asks to process under a rule.
 *
 * @param collectionId      the collection the asset came through, if any
 * @param collectionChecked true when the request named the collection, so the rule's collection filter is met
 * @param requestedByUser   a custom action: a finished item of the same version is processed again
 */
public record AssetRequest(String assetId, String collectionId, IconikRule rule, boolean collectionChecked,
                           boolean requestedByUser) {
}
