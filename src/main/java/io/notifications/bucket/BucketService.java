package io.notifications.bucket;

import io.notifications.item.ItemRepository;
import io.notifications.processing.Pipeline;
import io.notifications.processing.Pipelines;
import io.notifications.system.ConflictException;
import io.notifications.system.InputValidator;
import io.notifications.system.InvalidInputException;
import io.notifications.system.NotFoundException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.stereotype.Service;

/** Creates, changes and removes buckets, keeping their scan schedules in step. */
@Service
public class BucketService {

    public static final String DEFAULT_SCHEDULE = "1m";
    public static final String DEFAULT_PROCESSOR = "media-info";
    /** EVENTS: the listing that catches what an event missed. */
    public static final String DEFAULT_RECONCILE_SCHEDULE = "1h";

    private final BucketRepository buckets;
    private final ItemRepository items;
    private final BucketScheduler scheduler;
    private final S3ClientFactory clients;
    private final InputValidator validator;
    private final ScanRequests scanRequests;
    private final Clock clock;
    private final Pipelines pipelines;
    private final BucketEventsEndpoints eventQueues;

    public BucketService(BucketRepository buckets, ItemRepository items, BucketScheduler scheduler,
                         S3ClientFactory clients, InputValidator validator, ScanRequests scanRequests,
                         Clock clock, Pipelines pipelines, BucketEventsEndpoints eventQueues) {
        this.pipelines = pipelines;
        this.eventQueues = eventQueues;
        this.buckets = buckets;
        this.items = items;
        this.scheduler = scheduler;
        this.clients = clients;
        this.validator = validator;
        this.scanRequests = scanRequests;
        this.clock = clock;
    }

    public Page<Bucket> list(int page, int size) {
        return buckets.findAll(PageRequest.of(page, size, Sort.by("id")));
    }

    public Bucket get(long id) {
        return find(id).orElseThrow(() -> new NotFoundException("bucket " + id + " does not exist"));
    }

    /** The bucket, if there is one: for callers that must not say whether it exists. */
    public Optional<Bucket> find(long id) {
        return buckets.findById(id);
    }

    /** Every bucket, by id. */
    public List<Bucket> all() {
        return buckets.findAll(Sort.by("id"));
    }

    /** The ids of the buckets of this name (one name may be used at several endpoints). */
    public List<Long> idsNamed(String name) {
        return named(name).stream().map(Bucket::getId).toList();
    }

    /** The buckets of this name, at whatever endpoint. */
    public List<Bucket> named(String name) {
        return buckets.findByName(name);
    }

    public Bucket create(BucketSettings settings) {
        if (settings == null) {
            throw InvalidInputException.of("body", "a bucket JSON object is required");
        }
        Bucket bucket = new Bucket();
        apply(settings, bucket, true);
        rejectDuplicate(bucket);
        bucket.touch(clock.instant());
        Bucket saved = save(bucket);
        scheduler.schedule(saved);
        if (saved.isActive()) {
            scanNow(saved.getId());
        }
        return saved;
    }

    /** Creates the bucket unless one of that name already exists at that endpoint; returns it when created. */
    public Optional<Bucket> createIfAbsent(BucketSettings settings) {
        if (settings != null && exists(settings.name(), blankToNull(settings.endpoint()), null)) {
            return Optional.empty();
        }
        return Optional.of(create(settings));
    }

        public Bucket update(long id, BucketSettings settings) {
        if (settings == null) {
            throw InvalidInputException.of("body", "a bucket JSON object is required");
        }
        Bucket bucket = get(id);
        Vendor previousVendor = bucket.getVendor();
        apply(settings, bucket, false);
        rejectDuplicate(bucket);
        bucket.touch(clock.instant());
        Bucket saved = save(bucket);
        if (saved.getVendor() != previousVendor) {
            updateItemSource(saved);
        }
        clients.evict(saved.getId());
        scheduler.schedule(saved);
        return saved;
    }

    public void delete(long id) {
        Bucket bucket = get(id);
        scheduler.unschedule(id);
        try {
            buckets.delete(bucket);
        } catch (ObjectOptimisticLockingFailureException e) {
            throw new ConflictException("bucket " + id + " was changed or deleted concurrently; reload and retry");
        }
        clients.evict(id);
    }

    /** Queues a scan of the bucket now, on top of its schedule. */
    public void scanNow(long id) {
        Bucket bucket = get(id);
        if (!bucket.isActive()) {
            throw new ConflictException("bucket " + id + " is inactive; activate it to scan");
        }
        scanRequests.request(id);
    }

    private void updateItemSource(Bucket bucket) {
        items.updateSource(bucket.getId(), bucket.source());
    }

    private Bucket save(Bucket bucket) {
        try {
            return buckets.saveAndFlush(bucket);
        } catch (DataIntegrityViolationException e) {
            throw new ConflictException("a bucket named '" + bucket.getName() + "' at this endpoint already exists");
        } catch (ObjectOptimisticLockingFailureException e) {
            throw new ConflictException("bucket " + bucket.getId() + " was changed concurrently; reload and retry");
        }
    }

    private void rejectDuplicate(Bucket bucket) {
        if (exists(bucket.getName(), bucket.getEndpoint(), bucket.getId())) {
            throw new ConflictException("a bucket named '" + bucket.getName() + "' at this endpoint already exists");
        }
    }

    /** Whether another bucket than {@code exceptId} has this name at this endpoint. */
    private boolean exists(String name, String endpoint, Long exceptId) {
        return buckets.findByName(name).stream()
                .anyMatch(other -> !Objects.equals(other.getId(), exceptId) && Objects.equals(other.getEndpoint(), endpoint));
    }

    /**
     * Validates every field against the constraints of {@link BucketSettings}, reporting all bad ones at once, then
     * copies the settings onto the bucket.
     */
    private void apply(BucketSettings s, Bucket bucket, boolean creating) {
        // An update that omits the secret key keeps the stored one, which must then do for the access key
        String secretKey = s.secretKey() != null ? s.secretKey() : (creating ? null : bucket.getSecretKey());
        // So does an omitted event secret
        String eventSecret = s.eventSecret() != null ? s.eventSecret() : (creating ? null : bucket.getEventSecret());
        validator.check(s.withSecretKey(secretKey).withEventSecret(eventSecret));
        Discovery discovery = s.discovery() == null ? Discovery.LISTING : s.discovery();
        if (discovery == Discovery.EVENTS && blankToNull(eventSecret) == null && blankToNull(s.eventQueue()) == null
                && !eventQueues.hasSharedQueue()) {
            throw InvalidInputException.of("discovery", "EVENTS needs an intake: an eventSecret (for POST "
                    + "/api/buckets/{id}/events), an eventQueue, or the shared queue notifications.bucket-events.queue");
        }
        bucket.setName(s.name());
        bucket.setVendor(s.vendor());
        bucket.setEndpoint(blankToNull(s.endpoint()));
        bucket.setRegion(s.region() == null ? Vendor.DEFAULT_REGION : s.region());
        bucket.setPathStyle(s.pathStyle() != null ? s.pathStyle() : s.vendor().defaultPathStyle());
        bucket.setChecksumMode(s.checksumMode() != null ? s.checksumMode() : s.vendor().defaultChecksumMode());
        bucket.setAccessKey(blankToNull(s.accessKey()));
        bucket.setSecretKey(secretKey);
        bucket.setPrefix(blankToNull(s.prefix()));
        bucket.setInclude(s.include());
        bucket.setExclude(s.exclude());
        bucket.setInitialScan(s.initialScan() != null ? s.initialScan() : InitialScan.ALL);
        bucket.setSchedule(s.schedule() == null ? DEFAULT_SCHEDULE : s.schedule().trim());
        bucket.setDiscovery(discovery);
        bucket.setReconcileSchedule(s.reconcileSchedule() == null ? DEFAULT_RECONCILE_SCHEDULE
                : s.reconcileSchedule().trim());
        bucket.setEventSecret(blankToNull(eventSecret));
        bucket.setEventQueue(blankToNull(s.eventQueue()));
        if (s.hasPipeline()) {
            Pipeline pipeline = pipelines.read(s.pipeline(), "pipeline");
            bucket.setPipeline(pipeline.toJson());
            // The first step's processor stands for the pipeline where one processor is shown
            bucket.setProcessor(pipeline.first().processor());
            bucket.setProcessorConfig(null);
        } else {
            bucket.setPipeline(null);
            bucket.setProcessor(s.processorOrDefault());
            bucket.setProcessorConfig(s.processorConfigJson());
        }
        bucket.setActive(s.active() == null || s.active());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
