package io.notifications.bucket;

import io.notifications.bucket.S3EventNotifications.Notification;
import io.notifications.item.ItemTransitions;
import io.notifications.item.ObjectChanges;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Records what S3 event notifications say about the objects of EVENTS buckets. Events and listings share the item
 * of a (bucket, key) and its ETag rule, so an object both notified and listed is processed once; each event is
 * judged against the item it would change, so that duplicates change nothing and events out of order leave the
 * item as the newest says ({@link ObjectChanges}).
 */
@Component("bucketEventIntake")
public class BucketEventIntake {

    private static final Logger log = LoggerFactory.getLogger(BucketEventIntake.class);

    /**
     * What one message did: its records, how many made a new item, queued one again (new content, or a GONE key
     * written again), made one GONE (or remembered a removal of a key never seen), changed nothing (a duplicate, or
     * older than what the item holds), and were not for this bucket (another bucket's name, a key its prefix and
     * patterns do not select, a folder marker, or an inactive or LISTING bucket).
     */
    public record Recorded(int records, int created, int queuedAgain, int gone, int unchanged, int ignored) {

        static Recorded none() {
            return new Recorded(0, 0, 0, 0, 0, 0);
        }

        Recorded plus(Recorded other) {
            return new Recorded(records + other.records, created + other.created, queuedAgain + other.queuedAgain,
                    gone + other.gone, unchanged + other.unchanged, ignored + other.ignored);
        }

        /** Whether there is new work for the workers. */
        public boolean queued() {
            return created + queuedAgain > 0;
        }
    }

    private final BucketRepository buckets;
    private final ItemTransitions transitions;

    public BucketEventIntake(BucketRepository buckets, ItemTransitions transitions) {
        this.buckets = buckets;
        this.transitions = transitions;
    }

    /** A message for one bucket: posted to its HTTP intake, or received on its own queue. */
    public Recorded recordFor(long bucketId, List<Notification> notifications) {
        Bucket bucket = buckets.findById(bucketId).orElse(null);
        if (bucket == null || !listens(bucket)) {
            log.debug("{} event(s) for bucket {} ignored: it is gone, inactive or not discovering by EVENTS",
                    notifications.size(), bucketId);
            return new Recorded(notifications.size(), 0, 0, 0, 0, notifications.size());
        }
        return record(bucket, notifications);
    }

    /**
     * A message of the shared queue: each record goes to the active EVENTS buckets of its bucket name that have no
     * queue of their own (one name may be registered at several endpoints; the event does not say which).
     */
    public Recorded recordShared(List<Notification> notifications) {
        Recorded recorded = Recorded.none();
        for (Notification notification : notifications) {
            List<Bucket> named = buckets.findByName(notification.bucketName()).stream()
                    .filter(b -> listens(b) && b.getEventQueue() == null).toList();
            if (named.isEmpty()) {
                log.debug("Event for '{}' in bucket '{}' ignored: no active EVENTS bucket of that name reads the "
                        + "shared queue", notification.change().key(), notification.bucketName());
                recorded = recorded.plus(new Recorded(1, 0, 0, 0, 0, 1));
            }
            for (Bucket bucket : named) {
                recorded = recorded.plus(record(bucket, List.of(notification)));
            }
        }
        return recorded;
    }

    private static boolean listens(Bucket bucket) {
        return bucket.isActive() && bucket.getDiscovery() == Discovery.EVENTS;
    }

    private Recorded record(Bucket bucket, List<Notification> notifications) {
        KeySelection selection = new KeySelection(bucket.getInclude(), bucket.getExclude());
        String prefix = Objects.requireNonNullElse(bucket.getPrefix(), "");
        Map<ObjectChanges.Outcome, Integer> outcomes = new EnumMap<>(ObjectChanges.Outcome.class);
        int ignored = 0;
        for (Notification notification : notifications) {
            String key = notification.change().key();
            boolean folderMarker = !notification.change().removed()
                    && BucketScanner.isFolderMarker(key, notification.change().size());
            if (!notification.bucketName().equals(bucket.getName()) || !key.startsWith(prefix) || folderMarker
                    || !selection.selects(key)) {
                ignored++;
                continue;
            }
            ObjectChanges.Outcome outcome = transitions.reported(bucket.source(), bucket.getId(),
                    notification.change(), S3EventNotifications.SEQUENCER_ORDER);
            outcomes.merge(outcome, 1, Integer::sum);
        }
        Recorded recorded = new Recorded(notifications.size(),
                outcomes.getOrDefault(ObjectChanges.Outcome.CREATE, 0),
                outcomes.getOrDefault(ObjectChanges.Outcome.CHANGED, 0)
                        + outcomes.getOrDefault(ObjectChanges.Outcome.REAPPEARED, 0),
                outcomes.getOrDefault(ObjectChanges.Outcome.GONE, 0)
                        + outcomes.getOrDefault(ObjectChanges.Outcome.TOMBSTONE, 0),
                outcomes.getOrDefault(ObjectChanges.Outcome.DUPLICATE, 0)
                        + outcomes.getOrDefault(ObjectChanges.Outcome.STALE, 0),
                ignored);
        log.debug("Events for {}: {} applied ({}), {}", bucket, notifications.size() - ignored, outcomes, recorded);
        return recorded;
    }
}
