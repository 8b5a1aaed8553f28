package io.notifications.bucket;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/**
 * Scans asked for through the API. A bucket has at most one such request waiting, however often it is asked:
 * one queued scan will see everything the others would have.
 */
@Component("scanRequests")
public class ScanRequests {

    private final Set<Long> waiting = ConcurrentHashMap.newKeySet();
    private final ProducerTemplate producer;

    public ScanRequests(ProducerTemplate producer) {
        this.producer = producer;
    }

    public void request(long bucketId) {
        if (waiting.add(bucketId)) {
            producer.sendBody("seda:bucket-scan-requests", bucketId);
        }
    }

    /** Called by the {@code bucket-scan-requests} route as the requested scan begins. */
    public void started(long bucketId) {
        waiting.remove(bucketId);
    }
}
