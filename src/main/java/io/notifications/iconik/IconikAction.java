package io.notifications.iconik;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What an iconik custom action posts to its URL when a user runs it on assets or collections.
 *
 * @param context e.g. {@code ASSET}, {@code COLLECTION}, {@code BULK}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IconikAction(@JsonProperty("action_id") String actionId,
                           @JsonProperty("asset_ids") List<String> assetIds,
                           @JsonProperty("collection_ids") List<String> collectionIds,
                           @JsonProperty("context") String context,
                           @JsonProperty("user_id") String userId,
                           @JsonProperty("metadata_values") JsonNode metadataValues) {

    public IconikAction {
        assetIds = assetIds == null ? List.of() : List.copyOf(assetIds);
        collectionIds = collectionIds == null ? List.of() : List.copyOf(collectionIds);
    }
}
