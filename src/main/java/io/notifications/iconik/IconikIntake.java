package io.notifications.iconik;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.notifications.item.AssetToProcess;
import io.notifications.item.Item;
import io.notifications.item.ItemDispatcher;
import io.notifications.item.ItemTransitions.AssetQueued;
import io.notifications.item.ItemTransitions;
import io.notifications.processing.Pipeline;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * From iconik events and custom actions to recorded items: which rules an event matches, which assets that means
 * (one, or a whole collection), and recording each asset version once per rule, with the rule's processor or
 * pipeline. An asset found deleted (by its event, or by loading it) takes its finished items to GONE, for retention
 * to remove.
 */
@Component("iconikIntake")
public class IconikIntake {

    private static final Logger log = LoggerFactory.getLogger(IconikIntake.class);
    /** An asset with no versions is recorded under this one, so that it is still recorded only once. */
    static final String NO_VERSION = "none";
    private static final int RECORD_BATCH = 100;

    private final IconikProperties properties;
    private final IconikClient iconik;
    private final ItemTransitions transitions;
    private final ObjectMapper objectMapper;
    private final ItemDispatcher dispatcher;
    private final ActionForm form;

    public IconikIntake(IconikProperties properties, IconikClient iconik, ItemTransitions transitions,
                        ObjectMapper objectMapper, ItemDispatcher dispatcher, ActionForm form) {
        this.properties = properties;
        this.form = form;
        this.dispatcher = dispatcher;
        this.iconik = iconik;
        this.transitions = transitions;
        this.objectMapper = objectMapper;
    }

    /**
     * An event that says an asset was deleted makes the asset's finished items GONE, whatever the rules: what the
     * service keeps of an asset goes with it, after {@code notifications.retention.gone-items}. The event says so
     * as an {@code assets} event of the asset itself (realm {@code entity}) with operation {@code delete}, or with
     * the asset's status {@code DELETED} (iconik's recycle bin).
     */
    public void deleted(IconikEvent event) {
        if (deletesAsset(event)) {
            assetGone(event.objectId(), "was deleted");
        }
    }

    static boolean deletesAsset(IconikEvent event) {
        if (!"assets".equals(event.eventType()) || (event.realm() != null && !"entity".equals(event.realm()))) {
            return false;
        }
        JsonNode data = event.data() == null ? MissingNode.getInstance() : event.data();
        return "delete".equals(event.operation()) || (isDeleted(data)
                && event.objectId().equals(data.path("id").asText(event.objectId())));
    }

    private static boolean isDeleted(JsonNode asset) {
        return "DELETED".equals(asset.path("status").asText());
    }

    /** One line per asset: nothing to process, and how many of its items are GONE now. */
    private void assetGone(String assetId, String why) {
        int gone = transitions.assetGone(Item.ICONIK, assetId);
        log.info("iconik asset {} {}; nothing to process{}", assetId, why,
                gone > 0 ? ", and its " + gone + " finished item(s) are GONE" : "");
    }

    /**
     * The assets an event asks to process, one per matching rule; none when no rule matches, or when the event
     * says the asset was deleted.
     */
    public List<AssetRequest> requests(IconikEvent event) {
        if (deletesAsset(event)) {
            return List.of();
        }
        List<AssetRequest> requests = new ArrayList<>();
        for (IconikRule rule : properties.rules()) {
            if (!rule.matches(event.key())) {
                continue;
            }
            if (event.eventType().equals("assets")) {
                requests.add(new AssetRequest(event.objectId(), null, rule, false, false, Map.of(),
                        carriedAsset(event, rule)));
            } else if (inCollections(rule, event.objectId())) {
                String contained = event.containedAssetId();
                if (contained != null) {
                    requests.add(new AssetRequest(contained, event.objectId(), rule, true));
                } else if (!"contents".equals(event.realm())) {
                    // The collection itself was created or changed: everything in it is processed
                    requests.addAll(wholeCollection(event.objectId(), rule, false, Map.of()));
                }
            }
        }
        if (requests.isEmpty()) {
            log.debug("iconik event {} about {} matches no rule", event.key(), event.objectId());
        }
        return requests;
    }

    /**
     * The asset as the event carries it, when that is all the asset's GET would tell: its versions, and the
     * collections it is in where the rule filters by them. Null, so that it is asked for, when the event carries
     * less (an update event carries only what changed) or is about a deleted asset.
     */
    static JsonNode carriedAsset(IconikEvent event, IconikRule rule) {
        JsonNode data = event.data();
        if (!hasVersions(data) || "delete".equals(event.operation())
                || "DELETED".equals(data.path("status").asText())
                || !event.objectId().equals(data.path("id").asText(event.objectId()))) {
            return null;
        }
        return rule.collections().isEmpty() || data.path("in_collections").isArray() ? data : null;
    }

    /**
     * The assets a custom action names, and those in the collections it names, for the rules of that action; the
     * values of the action's form become settings of each rule's processor (or of its pipeline's steps, see
     * {@link ActionForm}) for this run.
     */
    public List<AssetRequest> actionRequests(IconikAction action) {
        List<AssetRequest> requests = new ArrayList<>();
        for (IconikRule rule : properties.rules()) {
            if (!rule.actions().contains(action.actionId())) {
                continue;
            }
            Map<String, JsonNode> form = this.form.settings(rule, action.metadataValues());
            action.assetIds().forEach(asset -> requests.add(new AssetRequest(asset, null, rule, true, true, form)));
            action.collectionIds().forEach(collection ->
                    requests.addAll(wholeCollection(collection, rule, true, form)));
        }
        return requests;
    }

    private List<AssetRequest> wholeCollection(String collectionId, IconikRule rule, boolean byUser,
                                               Map<String, JsonNode> form) {
        List<JsonNode> assets;
        try {
            assets = iconik.collectionAssets(collectionId);
        } catch (IconikCallException e) {
            if (e.isNotFound()) {
                log.info("iconik collection {} no longer exists; nothing to process", collectionId);
                return List.of();
            }
            throw e;
        }
        return assets.stream()
                .map(asset -> new AssetRequest(asset.path("id").asText(), collectionId, rule, true, byUser, form,
                        asset))
                .filter(request -> !request.assetId().isBlank())
                .toList();
    }

    /**
     * Loads each requested asset from iconik for its current version. Assets that no longer exist, or that are
     * outside their rule's collections, are left out: there is nothing to record for them. One that iconik no
     * longer has (404) or shows as {@code DELETED} has its finished items made GONE.
     */
    public List<LoadedAsset> load(List<AssetRequest> requests) {
        List<LoadedAsset> loaded = new ArrayList<>(requests.size());
        for (AssetRequest request : requests) {
            LoadedAsset asset = load(request);
            if (asset != null) {
                loaded.add(asset);
            }
        }
        return loaded;
    }

    private LoadedAsset load(AssetRequest request) {
        try (var ignored = MDC.putCloseable("assetId", request.assetId())) {
            return loadAsset(request);
        }
    }

    private LoadedAsset loadAsset(AssetRequest request) {
        JsonNode asset;
        try {
            // A collection's contents list their assets in full, versions too, and some events carry theirs: no call
            asset = hasVersions(request.listed()) ? request.listed() : iconik.asset(request.assetId());
        } catch (IconikCallException e) {
            if (e.isNotFound()) {
                assetGone(request.assetId(), "no longer exists");
                return null;
            }
            throw e;
        }
        if (isDeleted(asset)) {
            assetGone(request.assetId(), "is DELETED");
            return null;
        }
        if (!request.collectionChecked() && !request.rule().collections().isEmpty()) {
            List<String> in = StreamSupport.stream(asset.path("in_collections").spliterator(), false)
                    .map(JsonNode::asText).toList();
            if (request.rule().collections().stream().noneMatch(in::contains)) {
                return null;
            }
        }
        IconikRule rule = request.rule();
        String title = asset.path("title").asText(request.assetId());
        if (rule.hasPipeline()) {
            Pipeline pipeline = form.applyTo(rule.toPipeline(objectMapper), request.formValues());
            // The first step's processor stands for the pipeline where one processor is shown
            return new LoadedAsset(request, new AssetToProcess(request.assetId(), currentVersion(asset),
                    request.collectionId(), title, null, rule.name(), pipeline.first().processor(), null,
                    pipeline.toJson()));
        }
        return new LoadedAsset(request, new AssetToProcess(request.assetId(), currentVersion(asset),
                request.collectionId(), title, null, rule.name(), rule.processor(), config(request)));
    }

    /**
     * Records loaded assets as items, a hundred to a transaction, each asset version once per rule; a finished
     * one is queued again where its request says so. New work wakes the dispatcher rather than waiting for its
     * next look.
     *
     * @return one answer per asset, in the order given
     */
    public List<AssetQueued> record(List<LoadedAsset> loaded) {
        List<AssetQueued> answers = new ArrayList<>(loaded.size());
        for (int from = 0; from < loaded.size(); from += RECORD_BATCH) {
            List<LoadedAsset> batch = loaded.subList(from, Math.min(from + RECORD_BATCH, loaded.size()));
            List<AssetQueued> queued = transitions.assetsQueued(batch.stream().map(LoadedAsset::asset).toList());
            for (int i = 0; i < batch.size(); i++) {
                answers.add(answer(batch.get(i), queued.get(i)));
            }
        }
        if (answers.stream().anyMatch(AssetQueued::created)) {
            dispatcher.wake();
        }
        return answers;
    }

    private AssetQueued answer(LoadedAsset loaded, AssetQueued queued) {
        AssetRequest request = loaded.request();
        try (var ignored = MDC.putCloseable("assetId", request.assetId());
             var ignoredItem = MDC.putCloseable("itemId", String.valueOf(queued.itemId()))) {
            return logged(loaded, queued);
        }
    }

    private AssetQueued logged(LoadedAsset loaded, AssetQueued queued) {
        AssetRequest request = loaded.request();
        if (queued.created()) {
            log.info("iconik asset {} queued as item {} for {} (rule '{}')", request.assetId(), queued.itemId(),
                    String.join(" + ", request.rule().processors()), request.rule().name());
        } else if (transitions.requeueAsset(queued.itemId(), request.requestedByUser(), loaded.asset())) {
            log.info("iconik asset {} queued again as item {} (rule '{}')", request.assetId(), queued.itemId(),
                    request.rule().name());
            return new AssetQueued(queued.itemId(), true);
        }
        return queued;
    }

    /** A requested asset as loaded from iconik, ready to record. */
    public record LoadedAsset(AssetRequest request, AssetToProcess asset) {
    }

    private boolean inCollections(IconikRule rule, String collectionId) {
        return rule.collections().isEmpty() || rule.collections().contains(collectionId);
    }

    private static boolean hasVersions(JsonNode asset) {
        return asset != null && StreamSupport.stream(asset.path("versions").spliterator(), false)
                .anyMatch(v -> !v.path("id").asText("").isBlank());
    }

    /** The version with the highest number; iconik lists them without a promised order. */
    static String currentVersion(JsonNode asset) {
        return StreamSupport.stream(asset.path("versions").spliterator(), false)
                .filter(v -> !v.path("id").asText("").isBlank())
                .filter(v -> !"DELETED".equals(v.path("status").asText()))
                .max(Comparator.comparingInt(v -> v.path("version_number").asInt(0)))
                .map(v -> v.path("id").asText())
                .orElse(NO_VERSION);
    }

    /** The rule's processor config with the request's form values over it, as JSON; null when both are empty. */
    private String config(AssetRequest request) {
        IconikRule rule = request.rule();
        if ((rule.processorConfig() == null || rule.processorConfig().isEmpty()) && request.formValues().isEmpty()) {
            return null;
        }
        ObjectNode config = rule.processorConfig() == null ? objectMapper.createObjectNode()
                : objectMapper.valueToTree(rule.processorConfig());
        request.formValues().forEach(config::set);
        try {
            return objectMapper.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("processor config of rule " + rule.name() + " cannot be written", e);
        }
    }
}
