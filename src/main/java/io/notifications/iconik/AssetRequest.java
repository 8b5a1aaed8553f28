package io.notifications.iconik;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * An asset that an event or action asks to process under a rule.
 *
 * @param collectionId      the collection the asset came through, if any
 * @param collectionChecked true when the request named the collection, so the rule's collection filter is met
 * @param requestedByUser   a custom action: a finished item of the same version is processed again
 * @param formValues        a custom action's form values for the rule's processor config (or its pipeline's steps'
 *                          configs), by property name; they win over the rule's settings (see {@link ActionForm})
 * @param listed            the asset as a collection's contents listed it or as its event carried it, with its
 *                          versions: it need not be asked for again; null when the request names the asset alone
 */
public record AssetRequest(String assetId, String collectionId, IconikRule rule, boolean collectionChecked,
                           boolean requestedByUser, Map<String, JsonNode> formValues, JsonNode listed) {

    public AssetRequest {
        formValues = formValues == null ? Map.of() : Map.copyOf(formValues);
    }

    public AssetRequest(String assetId, String collectionId, IconikRule rule, boolean collectionChecked,
                        boolean requestedByUser, Map<String, JsonNode> formValues) {
        this(assetId, collectionId, rule, collectionChecked, requestedByUser, formValues, null);
    }

    /** An event's request: the rule's config as it is. */
    public AssetRequest(String assetId, String collectionId, IconikRule rule, boolean collectionChecked) {
        this(assetId, collectionId, rule, collectionChecked, false, Map.of());
    }
}
