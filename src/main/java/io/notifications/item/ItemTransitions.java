package io.notifications.item;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.notifications.dispatch.Leases;
import io.notifications.processing.AttemptOutputs;
import io.notifications.processing.NotRetryableException;
import io.notifications.system.BatchedDeletes;
import io.notifications.system.NodeIdentity;
import io.notifications.system.StoredJson;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntConsumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every change of an item's status happens here, each in one transaction:
 * discovered → {@code PENDING} (or {@code SKIPPED}) → {@code PROCESSING} → {@code DONE} | {@code FAILED},
 * with failed attempts going back to {@code PENDING} after a backoff until the attempts run out. A finished item
 * whose object a complete scan no longer lists, or whose asset its source reports deleted, becomes {@code GONE},
 * and is removed after its retention or queued again if its object or asset comes back.
 */
@Component("itemTransitions")
public class ItemTransitions {

    private static final Logger log = LoggerFactory.getLogger(ItemTransitions.class);
    private static final int MAX_ERROR_LENGTH = 4000;

    private final ItemRepository items;
    private final ProcessingProperties properties;
    private final TransactionTemplate transaction;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;
    private final ItemEvents events;
    private final NodeIdentity node;
    private final Leases leases;
    private final ObjectMapper objectMapper;
    private final List<AttemptOutputs> outputs;

    public ItemTransitions(ItemRepository items, ProcessingProperties properties,
                           PlatformTransactionManager transactionManager, Clock clock, ItemEvents events,
                           NodeIdentity node, ObjectMapper objectMapper, List<AttemptOutputs> outputs) {
        this.node = node;
        this.objectMapper = objectMapper;
        this.outputs = List.copyOf(outputs);
        this.items = items;
        this.events = events;
        this.properties = properties;
        this.transaction = new TransactionTemplate(transactionManager);
        this.ownTransaction = new TransactionTemplate(transactionManager);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
        this.leases = new Leases(node::id, properties.lease(), clock, transaction);
    }

    /**
     * Records objects a scan found for the first time, all in one transaction. If a concurrent scan of the same
     * bucket got there first, the unique key on (bucket, key) refuses the batch; then each object is inserted on
     * its own and the ones that already exist are left alone.
     *
     * @return how many items this call created
     */
    public int discovered(String source, long bucketId, List<DiscoveredObject> objects, ItemStatus status) {
        if (objects.isEmpty()) {
            return 0;
        }
        try {
            transaction.executeWithoutResult(tx -> announce(items.saveAllAndFlush(
                    objects.stream().map(o -> newItem(source, bucketId, o, status)).toList())));
            return objects.size();
        } catch (DataIntegrityViolationException raced) {
            int created = 0;
            for (DiscoveredObject object : objects) {
                try {
                    ownTransaction.executeWithoutResult(tx ->
                            announce(List.of(items.saveAndFlush(newItem(source, bucketId, object, status)))));
                    created++;
                } catch (DataIntegrityViolationException refused) {
                    if (items.findKnownKeys(bucketId, List.of(object.key())).isEmpty()) {
                        // Not a duplicate: the database refused the key itself; the next scan tries again
                        log.warn("Could not record key '{}' of bucket {}: {}", object.key(), bucketId,
                                refused.getMostSpecificCause().getMessage());
                    } else {
                        log.debug("Key '{}' of bucket {} was recorded by a concurrent scan", object.key(), bucketId);
                    }
                }
            }
            return created;
        }
    }

    /**
     * Records iconik asset versions to process, all in one transaction. Idempotent, because SQS delivers at least
     * once: each asset version under a rule is recorded once, and asking again returns the item already there.
     * If a concurrent intake recorded one of them first, the unique key refuses the batch; then each is recorded
     * on its own.
     *
     * @return one answer per asset, in the order given
     */
    public List<AssetQueued> assetsQueued(List<AssetToProcess> assets) {
        if (assets.isEmpty()) {
            return List.of();
        }
        try {
            return ownTransaction.execute(tx -> {
                Map<AssetVersionKey, Item> recorded = new HashMap<>();
                items.findByAssetIdIn(assets.stream().map(AssetToProcess::assetId).distinct().toList())
                        .forEach(item -> recorded.put(AssetVersionKey.of(item), item));
                List<Item> created = new ArrayList<>();
                List<Item> answers = new ArrayList<>(assets.size());
                Instant now = now();
                for (AssetToProcess asset : assets) {
                    answers.add(recorded.computeIfAbsent(AssetVersionKey.of(asset), key -> {
                        Item item = Item.ofAsset(asset, now);
                        created.add(item);
                        return item;
                    }));
                }
                announce(items.saveAllAndFlush(created));
                // The same version twice in one batch: the first asking created it, the second finds it
                Set<Item> createdNotAnswered = Collections.newSetFromMap(new IdentityHashMap<>());
                createdNotAnswered.addAll(created);
                return answers.stream()
                        .map(item -> new AssetQueued(item.getId(), createdNotAnswered.remove(item))).toList();
            });
        } catch (DataIntegrityViolationException raced) {
            return assets.stream().map(this::assetQueued).toList();
        }
    }

    private AssetQueued assetQueued(AssetToProcess asset) {
        try {
            return ownTransaction.execute(tx -> {
                Item item = items.saveAndFlush(Item.ofAsset(asset, now()));
                announce(List.of(item));
                return new AssetQueued(item.getId(), true);
            });
        } catch (DataIntegrityViolationException duplicate) {
            Item known = items.findByAssetIdAndAssetVersionIdAndRuleName(asset.assetId(), asset.versionId(),
                    asset.ruleName());
            if (known == null) {
                throw duplicate;
            }
            return new AssetQueued(known.getId(), false);
        }
    }

    /** An iconik item's identity: the unique key of the item table. */
    private record AssetVersionKey(String assetId, String versionId, String ruleName) {
        static AssetVersionKey of(Item item) {
            return new AssetVersionKey(item.getAssetId(), item.getAssetVersionId(), item.getRuleName());
        }

        static AssetVersionKey of(AssetToProcess asset) {
            return new AssetVersionKey(asset.assetId(), asset.versionId(), asset.ruleName());
        }
    }

    /** The item of an asset version, and whether this call created it (or queued it again). */
    public record AssetQueued(long itemId, boolean created) {
    }

    /**
     * Queues a known asset item again if it is finished: for a custom action (a user asked for it) whatever the
     * outcome was, and then with the processor, config and pipeline of the user's {@code run}; for an event only if
     * it FAILED, or is GONE (its asset was deleted, and has been found again, e.g. restored from iconik's recycle
     * bin), with the settings it has. Returns false if it stays as it is.
     */
    public boolean requeueAsset(long itemId, boolean byUser, AssetToProcess run) {
        return Boolean.TRUE.equals(transaction.execute(tx -> items.findById(itemId)
                .filter(item -> item.getStatus() == ItemStatus.FAILED || item.getStatus() == ItemStatus.GONE
                        || (byUser && item.getStatus() == ItemStatus.DONE))
                .map(item -> {
                    if (byUser) {
                        item.runWith(run.processor(), run.processorConfig(), run.pipeline());
                    }
                    return queueAgain(item) != null;
                })
                .orElse(false)));
    }

    /**
     * Applies a source's report of a change to its key's item, in one transaction with the item locked, so that
     * reports of one key apply one at a time and the item ends as the newest says, whatever order they came in
     * (see {@link ObjectChanges}). A new item, one queued again and one made GONE are announced as item events.
     */
    public ObjectChanges.Outcome reported(String source, long bucketId, ObjectChange change,
                                          Comparator<String> sequenceOrder) {
        try {
            return ownTransaction.execute(tx -> applyReport(source, bucketId, change, sequenceOrder));
        } catch (DataIntegrityViolationException raced) {
            // Another report or a scan created the key's item meanwhile: judged against that one now
            return ownTransaction.execute(tx -> applyReport(source, bucketId, change, sequenceOrder));
        }
    }

    private ObjectChanges.Outcome applyReport(String source, long bucketId, ObjectChange change,
                                              Comparator<String> sequenceOrder) {
        Item item = items.findLockedByBucketIdAndKey(bucketId, change.key());
        ObjectChanges.Known known = item == null ? null : new ObjectChanges.Known(item.getStatus(), item.getEtag(),
                item.getLastModified(), item.getChangeSequence());
        ObjectChanges.Outcome outcome = ObjectChanges.decide(known, change, sequenceOrder);
        Instant now = now();
        switch (outcome) {
            case CREATE, TOMBSTONE -> announce(List.of(items.saveAndFlush(Item.reported(source, bucketId, change,
                    now))));
            case CHANGED, REAPPEARED -> {
                item.contentChanged(change.etag(), change.size(), change.happenedAt(), now);
                item.reportApplied(change);
                events.changed("item.created", items.saveAndFlush(item));
            }
            case GONE -> {
                if (item.getStatus() == ItemStatus.PROCESSING) {
                    // Its run finds the object missing and fails; the next report or listing settles it
                    item.reportApplied(change);
                    items.saveAndFlush(item);
                    return ObjectChanges.Outcome.GONE;
                }
                item.gone(now);
                item.reportApplied(change);
                events.changed("item.gone", items.saveAndFlush(item));
            }
            case DUPLICATE -> {
                item.reportApplied(change);
                items.saveAndFlush(item);
            }
            case STALE -> {
                // Nothing: the item holds something newer
            }
        }
        return outcome;
    }

    /** A known key whose ETag changed: the new content is queued again from scratch. */
    public boolean contentChanged(long itemId, DiscoveredObject object) {
        return queueAgainAs(itemId, object, item -> !Objects.equals(object.etag(), item.getEtag()));
    }

    /** A GONE item's key is listed again: its object is queued from scratch as new content, whatever its ETag. */
    public boolean reappeared(long itemId, DiscoveredObject object) {
        return queueAgainAs(itemId, object, item -> item.getStatus() == ItemStatus.GONE);
    }

    private boolean queueAgainAs(long itemId, DiscoveredObject object, Predicate<Item> when) {
        return Boolean.TRUE.equals(transaction.execute(tx -> items.findById(itemId)
                .filter(when)
                .map(item -> {
                    item.contentChanged(object.etag(), object.size(), object.lastModified(), now());
                    events.changed("item.created", items.saveAndFlush(item));
                    return true;
                })
                .orElse(false)));
    }

    /**
     * Finished items (DONE, FAILED or SKIPPED) whose objects a complete scan no longer listed become GONE, announced
     * as {@code item.gone}, in one transaction. An item changed since {@code listedFrom}, when the listing began,
     * is left to the next scan: the listing may not have seen its change. Items queued or running are never made
     * GONE here: processing them fails with "no longer exists", and a later scan finds them FAILED.
     *
     * @return how many became GONE
     */
    public int gone(List<Long> itemIds, Instant listedFrom) {
        return goneEach(itemIds, item -> item.getUpdatedAt().isBefore(listedFrom));
    }

    /**
     * The source says an asset of its items no longer exists (iconik deleted it): the asset's finished items (DONE,
     * FAILED or SKIPPED), of every version and rule, become GONE, announced as {@code item.gone}, and are removed
     * after their retention like a bucket's. Items queued or running are left to finish. Asking again changes
     * nothing.
     *
     * @return how many became GONE
     */
    public int assetGone(String source, String assetId) {
        return goneEach(items.findIdsOfAsset(source, assetId, ItemStatus.FINISHED), item -> true);
    }

    private int goneEach(List<Long> itemIds, Predicate<Item> unchanged) {
        if (itemIds.isEmpty()) {
            return 0;
        }
        try {
            return Objects.requireNonNullElse(transaction.execute(tx -> markGone(itemIds, unchanged)), 0);
        } catch (ObjectOptimisticLockingFailureException changedMeanwhile) {
            // One of them was retried or queued again meanwhile: each on its own, and the changed one is left
            int gone = 0;
            for (Long itemId : itemIds) {
                try {
                    gone += Objects.requireNonNullElse(transaction.execute(tx -> markGone(List.of(itemId),
                            unchanged)), 0);
                } catch (ObjectOptimisticLockingFailureException changed) {
                    log.debug("Item {} changed while it was being marked GONE; left as it is", itemId);
                }
            }
            return gone;
        }
    }

    private int markGone(List<Long> itemIds, Predicate<Item> unchanged) {
        Instant now = now();
        List<Item> gone = items.findAllById(itemIds).stream()
                .filter(item -> ItemStatus.FINISHED.contains(item.getStatus()) && unchanged.test(item))
                .toList();
        gone.forEach(item -> item.gone(now));
        events.changed("item.gone", items.saveAllAndFlush(gone));
        return gone.size();
    }

    /**
     * Deletes the items GONE since before {@code goneBefore}, a batch per transaction; their face crops go with
     * them. Calls {@code removed} with each batch's count as it commits.
     *
     * @return how many in all
     */
    public long removeGone(Instant goneBefore, int batchSize, IntConsumer removed) {
        return BatchedDeletes.untilShort(batchSize, size -> items.deleteGoneBefore(goneBefore, size), removed);
    }

    /**
     * PENDING → PROCESSING under this node's lease, only if the item is still PENDING. Returns null when it is not
     * (any more): another worker, here or on another node, has it. What processors stored for the item's earlier
     * attempts (face crops) is discarded with the claim: a PENDING item has no result that names it.
     */
    public ClaimedItem claim(long itemId) {
        return leases.claim((owner, now, until) -> items.claim(itemId, now, owner, until),
                () -> items.findById(itemId).map(item -> {
                    discardOutputs(item);
                    events.changed("item.processing", item);
                    return ClaimedItem.of(item);
                }).orElse(null));
    }

    /** PROCESSING → DONE with its steps' results, unless the item changed since it was claimed. */
    public boolean complete(ClaimedItem claim, ItemResult result) {
        String json = StoredJson.write(objectMapper, result.result(objectMapper));
        String steps = StoredJson.write(objectMapper, result.steps());
        return updateClaimed(claim, item -> {
            item.done(json, steps, now());
            events.changed("item.done", items.saveAndFlush(item), json, null);
        });
    }

    /**
     * Records what the steps of a running attempt did so far, in a transaction of its own, so that a retry of the
     * run resumes after those that finished. Ignored once the item changed since it was claimed.
     */
    public void stepsSoFar(ClaimedItem claim, String steps) {
        ownTransaction.executeWithoutResult(tx -> items.recordSteps(claim.id(), claim.version(), steps));
    }

    /**
     * A failed attempt: back to PENDING after a backoff, or FAILED once the attempts are used up or the failure
     * cannot be cured by trying again. What processors stored for the attempt (face crops) is discarded with it,
     * in the same transaction, before another claim can start a new attempt.
     */
    public ItemStatus fail(ClaimedItem claim, Throwable error) {
        String message = describe(error);
        boolean exhausted = claim.attempt() >= properties.maxAttempts() || error instanceof NotRetryableException;
        Instant now = now();
        boolean updated = updateClaimed(claim, item -> {
            if (exhausted) {
                item.failed(message, now);
                events.changed("item.failed", items.saveAndFlush(item), null, message);
            } else {
                item.retryLater(message, now.plus(properties.retryDelay(claim.attempt())), now);
            }
            discardOutputs(item);
        });
        ItemStatus outcome = exhausted ? ItemStatus.FAILED : ItemStatus.PENDING;
        if (updated) {
            try (var ignored = MDC.putCloseable("itemId", String.valueOf(claim.id()));
                 var ignoredSource = MDC.putCloseable("source", claim.source())) {
                log.warn("{} item {} '{}' attempt {}/{} failed, now {}: {}", claim.source(), claim.id(), claim.key(),
                        claim.attempt(), properties.maxAttempts(), outcome, message);
            }
        }
        return outcome;
    }

    /**
     * Deletes what processors stored for the item's attempts, in the caller's transaction: called only while the
     * item's row is changed in it (its claim, its failure), so no other attempt of the item starts meanwhile. (An
     * attempt that went on after its lease ran out, its node cut off from the database, may store outputs after
     * the next claim discarded them; those go at the item's next attempt, or with the item.) Kept while the item's
     * run resumes after a pipeline step that finished: that step's result may name them, and it is not run again.
     */
    private void discardOutputs(Item item) {
        if (hasDoneSteps(item)) {
            // The run resumes after steps that finished, and their results may name what they stored
            return;
        }
        long itemId = item.getId();
        for (AttemptOutputs output : outputs) {
            int discarded = output.discard(itemId);
            if (discarded > 0) {
                log.debug("Item {}: {} output(s) of earlier attempts discarded by {}", itemId, discarded,
                        output.getClass().getSimpleName());
            }
        }
    }

    private boolean hasDoneSteps(Item item) {
        try {
            return ItemStep.read(objectMapper, item.getSteps()).stream()
                    .anyMatch(step -> step.outcome() == ItemStep.Outcome.DONE);
        } catch (JsonProcessingException unreadable) {
            return false;
        }
    }

    /** Puts a finished item back in the queue with fresh attempts. Refused while it is queued or running. */
    public Item retry(long itemId) {
        return transaction.execute(tx -> {
            Item item = items.findById(itemId).orElseThrow(() -> new ItemNotFoundException(itemId));
            if (item.getStatus() == ItemStatus.PENDING || item.getStatus() == ItemStatus.PROCESSING) {
                throw new IllegalStateException("item " + itemId + " is " + item.getStatus() + " already");
            }
            if (item.getStatus() == ItemStatus.GONE) {
                throw new IllegalStateException("item " + itemId + " is GONE: its object is no longer in the bucket,"
                        + " or its asset in iconik; a scan or an iconik event that finds it again queues it");
            }
            return queueAgain(item);
        });
    }

    /** A finished item back to PENDING with fresh attempts, announced as created again. */
    private Item queueAgain(Item item) {
        item.requeue(now());
        events.changed("item.created", items.saveAndFlush(item));
        return item;
    }

    /**
     * At startup, before this node dispatches anything: its own items still PROCESSING were interrupted by its
     * stop, so they go back to PENDING and are processed again. Other nodes' items are left to their leases.
     */
    public int recoverOwn() {
        int recovered = leases.releaseOwn(items::releaseOwn);
        log.info("Recovery: {} item(s) of node '{}' interrupted by its stop returned from PROCESSING to PENDING",
                recovered, node.id());
        return recovered;
    }

    /**
     * Renews this node's leases, and returns to PENDING the items of other nodes whose leases ran out.
     *
     * @return how many items were taken back from expired leases
     */
    public int renewAndReclaimLeases() {
        int expired = leases.renewAndReclaim(items::renewLeases, items::releaseExpired);
        if (expired > 0) {
            log.warn("{} item(s) whose node stopped renewing its lease returned from PROCESSING to PENDING", expired);
        }
        return expired;
    }

    private boolean updateClaimed(ClaimedItem claim, java.util.function.Consumer<Item> change) {
        try {
            return Boolean.TRUE.equals(transaction.execute(tx -> items.findById(claim.id())
                    .filter(item -> item.getVersion() == claim.version())
                    .map(item -> {
                        change.accept(item);
                        return true;
                    })
                    .orElseGet(() -> {
                        log.info("{} item {} '{}' changed or was removed while processing; outcome discarded",
                                claim.source(), claim.id(), claim.key());
                        return false;
                    })));
        } catch (ObjectOptimisticLockingFailureException changedMeanwhile) {
            log.info("{} item {} '{}' changed while processing; outcome discarded", claim.source(), claim.id(), claim.key());
            return false;
        }
    }

    /** New PENDING items are announced; SKIPPED ones are bookkeeping, not news. */
    private void announce(List<Item> created) {
        events.created(created.stream().filter(i -> i.getStatus() == ItemStatus.PENDING).toList());
    }

    private Item newItem(String source, long bucketId, DiscoveredObject o, ItemStatus status) {
        return new Item(source, bucketId, o.key(), o.etag(), o.size(), o.lastModified(), status, now());
    }

    private Instant now() {
        return clock.instant();
    }

    static String describe(Throwable error) {
        if (StepFailedException.isStepFailure(error)) {
            return cut(error.getMessage());
        }
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        return cut(cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }

    private static String cut(String message) {
        return message.length() > MAX_ERROR_LENGTH ? message.substring(0, MAX_ERROR_LENGTH) : message;
    }
}
