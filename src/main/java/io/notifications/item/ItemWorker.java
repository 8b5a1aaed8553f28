package io.notifications.item;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.notifications.bucket.Bucket;
import io.notifications.bucket.BucketObjects;
import io.notifications.bucket.BucketRepository;
import io.notifications.processing.InvalidProcessorConfigException;
import io.notifications.processing.MediaProcessor;
import io.notifications.processing.MediaSource;
import io.notifications.processing.ProcessorRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/** Runs a claimed item through its bucket's processor, with that bucket's config, and returns the result JSON. */
@Component("itemWorker")
public class ItemWorker {

    private static final Logger log = LoggerFactory.getLogger(ItemWorker.class);

    private final BucketRepository buckets;
    private final BucketObjects objects;
    private final ProcessorRegistry processors;
    private final ObjectMapper objectMapper;

    public ItemWorker(BucketRepository buckets, BucketObjects objects, ProcessorRegistry processors,
                      ObjectMapper objectMapper) {
        this.buckets = buckets;
        this.objects = objects;
        this.processors = processors;
        this.objectMapper = objectMapper;
    }

    public String process(ClaimedItem item) throws Exception {
        try (var ignored = MDC.putCloseable("itemId", String.valueOf(item.id()));
             var ignoredSource = MDC.putCloseable("source", item.source())) {
            Bucket bucket = buckets.findById(item.bucketId())
                    .orElseThrow(() -> new NotRetryableException("bucket " + item.bucketId() + " was deleted"));
            MediaProcessor<?> processor;
            Object config;
            try {
                processor = processors.get(bucket.getProcessor());
                config = processors.bindConfig(bucket.getProcessor(), bucket.getProcessorConfig());
            } catch (InvalidProcessorConfigException e) {
                throw new NotRetryableException(e.field() + ": " + e.getMessage(), e);
            }
            long started = System.nanoTime();
            try (MediaSource media = objects.open(bucket, item.key(), item.size())) {
                Object result = run(processor, media, config);
                log.debug("{} item {} '{}' processed by {} in {} ms", item.source(), item.id(), item.key(),
                        processor.name(), (System.nanoTime() - started) / 1_000_000);
                return objectMapper.writeValueAsString(result);
            }
        }
    }

    private static <C> Object run(MediaProcessor<C> processor, MediaSource media, Object config) throws Exception {
        return processor.process(media, processor.configType().cast(config));
    }
}
