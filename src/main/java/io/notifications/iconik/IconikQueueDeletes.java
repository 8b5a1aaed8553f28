package io.notifications.iconik;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;

/**
 * Deletes recorded queue messages ten to a request. The aws2-sqs consumer deletes each message with a request of
 * its own, which alone held it under half the rate of a plain receive-and-batch-delete loop. A message is handed
 * here only after its assets are recorded; one whose delete is lost comes back and is found recorded already.
 */
@Component("iconikQueueDeletes")
public class IconikQueueDeletes {

    private static final Logger log = LoggerFactory.getLogger(IconikQueueDeletes.class);
    private static final int BATCH = 10;

    private final SqsClient sqs;
    private final ConcurrentLinkedQueue<String> recorded = new ConcurrentLinkedQueue<>();
    private volatile String queueUrl;

    public IconikQueueDeletes(SqsClient iconikSqs) {
        this.sqs = iconikSqs;
    }

    void queue(String url) {
        this.queueUrl = url;
    }

    /** The message of this exchange is recorded; it is deleted with the next ten, or at the end of its receive. */
    public void recorded(Exchange exchange) {
        String handle = exchange.getMessage().getHeader("CamelAwsSqsReceiptHandle", String.class);
        if (handle == null) {
            return;
        }
        recorded.add(handle);
        if (recorded.size() >= BATCH || exchange.getProperty(Exchange.BATCH_COMPLETE, false, Boolean.class)) {
            flush();
        }
    }

    /**
     * A message failed. If it was the last of its receive, the recorded ones before it are deleted now rather than
     * waiting for the next receive, which may be long in coming.
     */
    public void failed(Exchange exchange) {
        if (exchange.getProperty(Exchange.BATCH_COMPLETE, false, Boolean.class)) {
            flush();
        }
    }

    private void flush() {
        List<String> handles = new ArrayList<>(BATCH);
        for (String handle = recorded.poll(); handle != null; handle = recorded.poll()) {
            handles.add(handle);
            if (handles.size() == BATCH) {
                delete(handles);
                handles = new ArrayList<>(BATCH);
            }
        }
        if (!handles.isEmpty()) {
            delete(handles);
        }
    }

    private void delete(List<String> handles) {
        List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>(handles.size());
        for (int i = 0; i < handles.size(); i++) {
            entries.add(DeleteMessageBatchRequestEntry.builder().id(String.valueOf(i)).receiptHandle(handles.get(i)).build());
        }
        try {
            DeleteMessageBatchResponse response = sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
            if (response.hasFailed() && !response.failed().isEmpty()) {
                log.warn("{} recorded iconik message(s) could not be deleted and will be received again: {}",
                        response.failed().size(), response.failed().get(0).message());
            }
        } catch (SdkException e) {
            log.warn("{} recorded iconik message(s) could not be deleted and will be received again: {}",
                    handles.size(), e.getMessage());
        }
    }
}
