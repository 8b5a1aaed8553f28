package io.notifications.item;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.notifications.bucket.Bucket;
import io.notifications.bucket.BucketObjects;
import io.notifications.bucket.BucketRepository;
import io.notifications.processing.InvalidProcessorConfigException;
import io.notifications.processing.MediaProcessor;
import io.notifications.processing.MediaSource;
import io.notifications.processing.ProcessorRegistry;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Runs a claimed item through its processor and returns the result JSON: a bucket item through its bucket's
 * processor and config, an iconik item through those of the rule that chose it.
 */
@Component("itemWorker")
public class ItemWorker {

    private static final Logger log = LoggerFactory.getLogger(ItemWorker.class);

    private final BucketRepository buckets;
    private final BucketObjects objects;
    private final ProcessorRegistry processors;
    private final ObjectMapper objectMapper;
    private final List<ItemMedia> media;
    private final ItemMetrics metrics;

    public ItemWorker(BucketRepository buckets, BucketObjects objects, ProcessorRegistry processors,
                      ObjectMapper objectMapper, List<ItemMedia> media, ItemMetrics metrics) {
        this.media = media;
        this.metrics = metrics;
        this.buckets = buckets;
        this.objects = objects;
        this.processors = processors;
        this.objectMapper = objectMapper;
    }

    public String process(ClaimedItem item) throws Exception {
        try (var ignored = MDC.putCloseable("itemId", String.valueOf(item.id()));
             var ignoredSource = MDC.putCloseable("source", item.source())) {
            Bucket bucket = null;
            String processorName = item.processor();
            String processorConfig = item.processorConfig();
            if (item.bucketId() != null) {
                bucket = buckets.findById(item.bucketId())
                        .orElseThrow(() -> new NotRetryableException("bucket " + item.bucketId() + " was deleted"));
                processorName = bucket.getProcessor();
                processorConfig = bucket.getProcessorConfig();
            }
            MediaProcessor<?> processor;
            Object config;
            try {
                processor = processors.get(processorName);
                config = processors.bindConfig(processorName, processorConfig);
            } catch (InvalidProcessorConfigException e) {
                // Another attempt binds the same config: it cannot succeed
                throw new NotRetryableException(bucket != null ? e.field() + ": " + e.getMessage()
                        : mediaOf(item).configRefused(item, e), e);
            }
            long started = System.nanoTime();
            String outcome = "failed";
            try (MediaSource media = bucket != null ? objects.open(bucket, item.id(), item.key(), item.size())
                    : mediaOf(item).open(item, processor.acceptsProxy())) {
                Object result = run(processor, media, config);
                log.debug("{} item {} '{}' processed by {} in {} ms", item.source(), item.id(), item.key(),
                        processor.name(), (System.nanoTime() - started) / 1_000_000);
                String json = objectMapper.writeValueAsString(result);
                outcome = "done";
                return json;
            } finally {
                metrics.processed(processor.name(), outcome, System.nanoTime() - started);
            }
        }
    }

    private ItemMedia mediaOf(ClaimedItem item) {
        return media.stream().filter(m -> m.source().equals(item.source())).findFirst()
                .orElseThrow(() -> new NotRetryableException("no media source for " + item.source() + " items"));
    }

    private static <C> Object run(MediaProcessor<C> processor, MediaSource media, Object config) throws Exception {
        return processor.process(media, processor.configType().cast(config));
    }
}
