package io.notifications.iconik;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * When an event's own data stands in for the asset's GET, and when the asset must still be asked for; and which
 * events say that the asset itself was deleted.
 */
class CarriedAssetTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ASSET = "5f0c2a3e-0000-4000-8000-000000000001";
    private static final IconikRule ANY_COLLECTION = rule(List.of());
    private static final IconikRule ONE_COLLECTION = rule(List.of("c-1"));

    @Test
    void anAssetWithItsVersionsIsTakenAsItIs() {
        ObjectNode asset = asset();
        assertThat(IconikIntake.carriedAsset(event("create", asset), ANY_COLLECTION)).isSameAs(asset);
        assertThat(IconikIntake.carriedAsset(event("update", asset), ANY_COLLECTION)).isSameAs(asset);
    }

    @Test
    void lessThanTheAssetIsAskedFor() {
        ObjectNode titleOnly = JSON.createObjectNode().put("id", ASSET).put("title", "changed");
        assertThat(IconikIntake.carriedAsset(event("update", titleOnly), ANY_COLLECTION)).isNull();
        ObjectNode versionWithoutId = asset();
        versionWithoutId.withArray("versions").removeAll().addObject().put("version_number", 1);
        assertThat(IconikIntake.carriedAsset(event("create", versionWithoutId), ANY_COLLECTION)).isNull();
        assertThat(IconikIntake.carriedAsset(event("create", null), ANY_COLLECTION)).isNull();
    }

    @Test
    void aRuleLimitedToCollectionsNeedsTheAssetsCollections() {
        assertThat(IconikIntake.carriedAsset(event("create", asset()), ONE_COLLECTION)).isNull();
        ObjectNode inCollections = asset();
        inCollections.putArray("in_collections").add("c-2");
        // Carried, so the intake itself finds it outside the rule's collections without asking
        assertThat(IconikIntake.carriedAsset(event("create", inCollections), ONE_COLLECTION)).isSameAs(inCollections);
    }

    @Test
    void aDeletedOrAnotherAssetIsAskedFor() {
        assertThat(IconikIntake.carriedAsset(event("delete", asset()), ANY_COLLECTION)).isNull();
        assertThat(IconikIntake.carriedAsset(event("update", asset().put("status", "DELETED")), ANY_COLLECTION))
                .isNull();
        assertThat(IconikIntake.carriedAsset(event("create", asset().put("id", "another")), ANY_COLLECTION)).isNull();
    }

    @Test
    void anAssetIsDeletedByItsOwnDeleteEventOrStatusOnly() {
        assertThat(IconikIntake.deletesAsset(event("delete", asset()))).isTrue();
        assertThat(IconikIntake.deletesAsset(event("delete", null))).isTrue();
        assertThat(IconikIntake.deletesAsset(event("update", asset().put("status", "DELETED")))).isTrue();
        assertThat(IconikIntake.deletesAsset(new IconikEvent("domain", "assets", ASSET, null, "delete", null, "r")))
                .isTrue();

        assertThat(IconikIntake.deletesAsset(event("update", asset()))).isFalse();
        assertThat(IconikIntake.deletesAsset(event("create", asset()))).isFalse();
        // Another asset's status, a segment or version deleted, a collection deleted: the asset itself stays
        assertThat(IconikIntake.deletesAsset(event("update", asset().put("id", "another").put("status", "DELETED"))))
                .isFalse();
        assertThat(IconikIntake.deletesAsset(new IconikEvent("domain", "assets", ASSET, "segments", "delete",
                asset(), "r"))).isFalse();
        assertThat(IconikIntake.deletesAsset(new IconikEvent("domain", "assets", ASSET, "versions", "delete",
                asset(), "r"))).isFalse();
        assertThat(IconikIntake.deletesAsset(new IconikEvent("domain", "collections", "c-1", "entity", "delete",
                null, "r"))).isFalse();
    }

    private static ObjectNode asset() {
        ObjectNode asset = JSON.createObjectNode().put("id", ASSET).put("title", "rocket").put("status", "ACTIVE");
        asset.putArray("versions").addObject().put("id", "v-1").put("version_number", 1);
        return asset;
    }

    private static IconikEvent event(String operation, JsonNode data) {
        return new IconikEvent("domain", "assets", ASSET, "entity", operation, data, "request");
    }

    private static IconikRule rule(List<String> collections) {
        return new IconikRule("rule", List.of("assets.*.*"), collections, List.of(), "media-info", Map.of(), null,
                null, Map.of(), true);
    }
}
