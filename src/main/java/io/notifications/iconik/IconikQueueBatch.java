package io.notifications.iconik;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.notifications.iconik.IconikIntake.LoadedAsset;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;

/**
 * Records the assets of one receive's messages together, then deletes those messages ten to a request. One
 * transaction and one delete request per receive, instead of one of each per message, are what let the intake
 * keep up with the queue. A message is deleted only once its assets are recorded; one that cannot be recorded
 * stays in the queue, and the others of its receive are recorded without it.
 *
 * <p>Each aws2-sqs consumer thread takes its receive's messages through the route one after another, in that
 * thread, so the messages waiting for the rest of their receive are kept per thread. (Not Camel's aggregator: it
 * hands its batches to a thread of its own, so the receivers would never wait for recording, and messages would
 * pile up unrecorded in memory past their visibility timeout.)
 */
@Component("iconikQueueBatch")
public class IconikQueueBatch {

    private static final Logger log = LoggerFactory.getLogger(IconikQueueBatch.class);
    private static final int DELETE_BATCH = 10;
    /** A collection's worth of assets is recorded at once, without waiting for the rest of its receive. */
    private static final int RECORD_AT = 100;

    private final IconikIntake intake;
    private final SqsClient sqs;
    private final Clock clock;
    /** Messages loaded first wait no longer than this for the rest of their receive: well inside the timeout. */
    private final Duration longestWait;
    /** SQS messages by what became of them; a failed one is received again, or goes to the dead-letter queue. */
    private final Counter received;
    private final Counter deleted;
    private final Counter failed;
    private final ThreadLocal<List<LoadedMessage>> waiting = ThreadLocal.withInitial(ArrayList::new);
    private volatile String queueUrl;

    public IconikQueueBatch(IconikIntake intake, SqsClient iconikSqs, IconikProperties properties, Clock clock,
                            MeterRegistry metrics) {
        this.received = messages(metrics, "received");
        this.deleted = messages(metrics, "deleted");
        this.failed = messages(metrics, "failed");
        this.intake = intake;
        this.sqs = iconikSqs;
        this.clock = clock;
        this.longestWait = properties.visibilityTimeout().dividedBy(3);
    }

    private static Counter messages(MeterRegistry metrics, String outcome) {
        return Counter.builder("notifications.iconik.sqs.messages").description("iconik's SQS messages by outcome")
                .tag("outcome", outcome).register(metrics);
    }

    void queue(String url) {
        this.queueUrl = url;
    }

    /** The body holds the loaded assets of this exchange's message; recorded with the rest of its receive. */
    public void loaded(Exchange exchange) {
        received.increment();
        List<?> body = exchange.getMessage().getBody(List.class);
        List<LoadedAsset> assets = body == null ? List.of()
                : body.stream().filter(LoadedAsset.class::isInstance).map(LoadedAsset.class::cast).toList();
        List<LoadedMessage> messages = waiting.get();
        messages.add(new LoadedMessage(exchange.getMessage().getHeader("CamelAwsSqsMessageId", String.class),
                exchange.getMessage().getHeader("CamelAwsSqsReceiptHandle", String.class), assets, clock.instant()));
        if (lastOfReceive(exchange) || messages.stream().mapToInt(m -> m.assets().size()).sum() >= RECORD_AT
                || waitedTooLong(messages)) {
            recordAndDelete(messages);
        }
    }

    /** This exchange's message failed and stays in the queue; the others of its receive go on without it. */
    public void failed(Exchange exchange) {
        received.increment();
        failed.increment();
        List<LoadedMessage> messages = waiting.get();
        if (!messages.isEmpty() && (lastOfReceive(exchange) || waitedTooLong(messages))) {
            recordAndDelete(messages);
        }
    }

    private void recordAndDelete(List<LoadedMessage> messages) {
        List<LoadedMessage> batch = List.copyOf(messages);
        messages.clear();
        List<String> recorded = new ArrayList<>(batch.size());
        try {
            intake.record(batch.stream().flatMap(message -> message.assets().stream()).toList());
            batch.forEach(message -> recorded.add(message.receiptHandle()));
        } catch (RuntimeException e) {
            // Something could not be recorded: each message on its own, so that only the one at fault stays
            for (LoadedMessage message : batch) {
                try {
                    intake.record(message.assets());
                    recorded.add(message.receiptHandle());
                } catch (RuntimeException failure) {
                    log.warn("iconik message {} could not be recorded and will be received again: {}",
                            message.messageId(), failure.getMessage());
                }
            }
        }
        recorded.removeIf(Objects::isNull);
        for (int from = 0; from < recorded.size(); from += DELETE_BATCH) {
            delete(recorded.subList(from, Math.min(from + DELETE_BATCH, recorded.size())));
        }
    }

    private void delete(List<String> handles) {
        List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>(handles.size());
        for (int i = 0; i < handles.size(); i++) {
            entries.add(DeleteMessageBatchRequestEntry.builder().id(String.valueOf(i)).receiptHandle(handles.get(i)).build());
        }
        try {
            DeleteMessageBatchResponse response = sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
            deleted.increment(response.hasSuccessful() ? response.successful().size() : 0);
            if (response.hasFailed() && !response.failed().isEmpty()) {
                log.warn("{} recorded iconik message(s) could not be deleted and will be received again: {}",
                        response.failed().size(), response.failed().get(0).message());
            }
        } catch (SdkException e) {
            // Recorded already: received again, they are found recorded and deleted then
            log.warn("{} recorded iconik message(s) could not be deleted and will be received again: {}",
                    handles.size(), e.getMessage());
        }
    }

    private static boolean lastOfReceive(Exchange exchange) {
        return exchange.getProperty(Exchange.BATCH_COMPLETE, false, Boolean.class);
    }

    private boolean waitedTooLong(List<LoadedMessage> messages) {
        return Duration.between(messages.get(0).loadedAt(), clock.instant()).compareTo(longestWait) > 0;
    }

    private record LoadedMessage(String messageId, String receiptHandle, List<LoadedAsset> assets, Instant loadedAt) {
    }
}
