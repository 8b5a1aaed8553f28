package io.notifications.item;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.notifications.item.ItemSource.ProcessorChoice;
import io.notifications.processing.InvalidProcessorConfigException;
import io.notifications.processing.MediaProcessor;
import io.notifications.processing.MediaSource;
import io.notifications.processing.NotRetryableException;
import io.notifications.processing.ProcessorRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Runs a claimed item through the processor its source names, on the media its source opens, and returns the
 * result JSON.
 */
@Component("itemWorker")
public class ItemWorker {

    private static final Logger log = LoggerFactory.getLogger(ItemWorker.class);

    private final ItemSources sources;
    private final ProcessorRegistry processors;
    private final ObjectMapper objectMapper;
    private final ItemMetrics metrics;

    public ItemWorker(ItemSources sources, ProcessorRegistry processors, ObjectMapper objectMapper,
                      ItemMetrics metrics) {
        this.sources = sources;
        this.processors = processors;
        this.objectMapper = objectMapper;
        this.metrics = metrics;
    }

    public String process(ClaimedItem item) throws Exception {
        try (var ignored = MDC.putCloseable("itemId", String.valueOf(item.id()));
             var ignoredSource = MDC.putCloseable("source", item.source())) {
            ItemSource source = sources.of(item);
            ProcessorChoice choice = source.processorOf(item);
            MediaProcessor<?> processor;
            Object config;
            try {
                processor = processors.get(choice.processor());
                config = processors.bindConfig(choice.processor(), choice.config());
            } catch (InvalidProcessorConfigException e) {
                // Another attempt binds the same config: it cannot succeed
                throw new NotRetryableException(source.configRefused(item, e), e);
            }
            long started = System.nanoTime();
            String outcome = "failed";
            try (MediaSource media = source.open(item, processor.acceptsProxy())) {
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

    private static <C> Object run(MediaProcessor<C> processor, MediaSource media, Object config) throws Exception {
        return processor.process(media, processor.configType().cast(config));
    }
}
