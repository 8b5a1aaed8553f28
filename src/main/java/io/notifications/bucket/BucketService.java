package io.notifications.bucket;

import io.notifications.item.ItemRepository;
import io.notifications.processing.InvalidProcessorConfigException;
import io.notifications.processing.ProcessorRegistry;
import io.notifications.system.ConflictException;
import io.notifications.system.InvalidInputException;
import io.notifications.system.NotFoundException;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
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
    private static final Pattern REGION = Pattern.compile("[a-z0-9-]{1,64}");

    private final BucketRepository buckets;
    private final ItemRepository items;
    private final BucketScheduler scheduler;
    private final S3ClientFactory clients;
    private final ProcessorRegistry processors;
    private final ScanRequests scanRequests;
    private final Clock clock;

    public BucketService(BucketRepository buckets, ItemRepository items, BucketScheduler scheduler,
                         S3ClientFactory clients, ProcessorRegistry processors, ScanRequests scanRequests,
                         Clock clock) {
        this.buckets = buckets;
        this.items = items;
        this.scheduler = scheduler;
        this.clients = clients;
        this.processors = processors;
        this.scanRequests = scanRequests;
        this.clock = clock;
    }

    public Page<Bucket> list(int page, int size) {
        return buckets.findAll(PageRequest.of(page, size, Sort.by("id")));
    }

    public Bucket get(long id) {
        return buckets.findById(id).orElseThrow(() -> new NotFoundException("bucket " + id + " does not exist"));
    }

    /** Every bucket, by id. */
    public List<Bucket> all() {
        return buckets.findAll(Sort.by("id"));
    }

    /** The ids of the buckets of this name (one name may be used at several endpoints). */
    public List<Long> idsNamed(String name) {
        return buckets.findByName(name).stream().map(Bucket::getId).toList();
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

    /** Validates every field, reporting all bad ones at once, then copies the settings onto the bucket. */
    private void apply(BucketSettings s, Bucket bucket, boolean creating) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (s.name() == null || s.name().isBlank()) {
            errors.put("name", "is required");
        } else if (s.name().length() > 255 || !s.name().matches("[^/\\s]+")) {
            errors.put("name", "must be at most 255 characters without '/' or white space");
        }
        if (s.vendor() == null) {
            errors.put("vendor", "is required: DATACORE, OBJECT_MATRIX or S3");
        }
        String endpoint = blankToNull(s.endpoint());
        if (endpoint == null && s.vendor() != null && s.vendor() != Vendor.S3) {
            errors.put("endpoint", "is required for " + s.vendor());
        } else if (endpoint != null && !isHttpUrl(endpoint)) {
            errors.put("endpoint", "must be an absolute http or https URL");
        }
        String region = s.region() == null ? Vendor.DEFAULT_REGION : s.region();
        if (!REGION.matcher(region).matches()) {
            errors.put("region", "must be lower-case letters, digits and '-'");
        }
        String accessKey = blankToNull(s.accessKey());
        String secretKey = s.secretKey() != null ? s.secretKey() : (creating ? null : bucket.getSecretKey());
        if (accessKey != null && (secretKey == null || secretKey.isEmpty())) {
            errors.put("secretKey", "is required with accessKey");
        }
        if (accessKey == null && s.vendor() != null && s.vendor() != Vendor.S3) {
            errors.put("accessKey", "is required for " + s.vendor());
        }
        checkLength("endpoint", endpoint, 2048, errors);
        checkLength("accessKey", accessKey, 512, errors);
        checkLength("secretKey", s.secretKey(), 1024, errors);
        checkLength("prefix", s.prefix(), 1024, errors);
        checkPatterns("include", s.include(), errors);
        checkPatterns("exclude", s.exclude(), errors);
        String schedule = s.schedule() == null ? DEFAULT_SCHEDULE : s.schedule().trim();
        if (ScanSchedule.parse(schedule).isEmpty()) {
            errors.put("schedule", "must be a Quartz cron expression such as '0 0/5 * * * ?' "
                    + "or an interval such as '30s', '5m' or 'PT1H' (100 ms to 366 days), that fires in the future");
        }
        String processor = s.processor() == null ? DEFAULT_PROCESSOR : s.processor();
        String processorConfig = s.processorConfig() == null || s.processorConfig().isNull()
                ? null : s.processorConfig().toString();
        if (s.processorConfig() != null && !s.processorConfig().isNull() && !s.processorConfig().isObject()) {
            errors.put("processorConfig", "must be a JSON object");
        } else if (processorConfig != null && processorConfig.length() > 100_000) {
            errors.put("processorConfig", "must be at most 100000 characters of JSON");
        } else {
            try {
                processors.bindConfig(processor, processorConfig);
            } catch (InvalidProcessorConfigException e) {
                errors.put(e.field(), e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        bucket.setName(s.name());
        bucket.setVendor(s.vendor());
        bucket.setEndpoint(endpoint);
        bucket.setRegion(region);
        bucket.setPathStyle(s.pathStyle() != null ? s.pathStyle() : s.vendor().defaultPathStyle());
        bucket.setChecksumMode(s.checksumMode() != null ? s.checksumMode() : s.vendor().defaultChecksumMode());
        bucket.setAccessKey(accessKey);
        bucket.setSecretKey(secretKey);
        bucket.setPrefix(blankToNull(s.prefix()));
        bucket.setInclude(s.include());
        bucket.setExclude(s.exclude());
        bucket.setInitialScan(s.initialScan() != null ? s.initialScan() : InitialScan.ALL);
        bucket.setSchedule(schedule);
        bucket.setProcessor(processor);
        bucket.setProcessorConfig(processorConfig);
        bucket.setActive(s.active() == null || s.active());
    }

    private static void checkLength(String field, String value, int max, Map<String, String> errors) {
        if (value != null && value.length() > max) {
            errors.put(field, "must be at most " + max + " characters");
        }
    }

    private static void checkPatterns(String field, List<String> patterns, Map<String, String> errors) {
        if (patterns == null) {
            return;
        }
        if (String.join("\n", patterns.stream().map(String::valueOf).toList()).length() > 8000) {
            errors.put(field, "must be at most 8000 characters in all");
            return;
        }
        for (int i = 0; i < patterns.size(); i++) {
            String pattern = patterns.get(i);
            if (pattern == null || pattern.isBlank() || pattern.contains("\n")) {
                errors.put(field + "[" + i + "]", "must be a non-empty glob such as '*.mp4' or 'proxies/**'");
            }
        }
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = new URI(value);
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (Exception e) {
            return false;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
