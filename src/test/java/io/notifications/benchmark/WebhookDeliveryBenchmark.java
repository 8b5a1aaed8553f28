package io.notifications.benchmark;

import io.notifications.support.Receiver;
import io.notifications.support.ServiceNode;
import io.notifications.webhook.Event;
import io.notifications.webhook.EventOutbox;
import io.notifications.webhook.WebhookService;
import io.notifications.webhook.WebhookSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers 10,000 events to 3 local receivers through the outbox, the dispatcher and camel-http, and compares with
 * a plain java.net.http loop posting the same payloads: the upper bound. Prints numbers; asserts nothing.
 * Run with {@code mvn -Pbenchmark verify -Dbenchmark.main=io.notifications.benchmark.WebhookDeliveryBenchmark}.
 */
public final class WebhookDeliveryBenchmark {

    private static final int EVENTS = Integer.getInteger("benchmark.events", 10_000);
    private static final int RECEIVERS = 3;

    private WebhookDeliveryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        // The JDK's HTTP server otherwise waits for delayed ACKs: about 40 ms per answer, whoever sends
        System.setProperty("sun.net.httpserver.nodelay", "true");
        Map<String, Object> properties = Map.of(
                "spring.datasource.url", "jdbc:h2:mem:webhook-benchmark;DB_CLOSE_DELAY=-1",
                "notifications.embedded.s3.enabled", "false",
                "notifications.webhooks.dispatch-interval", "50ms",
                "logging.level.root", "WARN");
        List<Receiver> receivers = new ArrayList<>();
        for (int i = 0; i < RECEIVERS; i++) {
            receivers.add(new Receiver());
        }
        List<String> payloads;
        try (ConfigurableApplicationContext service = ServiceNode.start(properties)) {
            WebhookService webhooks = service.getBean(WebhookService.class);
            EventOutbox outbox = service.getBean(EventOutbox.class);
            TransactionTemplate transaction = new TransactionTemplate(service.getBean(PlatformTransactionManager.class));
            for (int i = 0; i < RECEIVERS; i++) {
                webhooks.create(new WebhookSettings(receivers.get(i).url("/r" + i), List.of("item.*"), null,
                        (long) i + 1, null, null, true, null));
            }
            System.out.printf("%nWebhook delivery benchmark: %,d events to %d local receivers%n", EVENTS, RECEIVERS);
            long start = System.nanoTime();
            for (int batch = 0; batch < EVENTS; batch += 500) {
                int from = batch;
                transaction.executeWithoutResult(tx -> {
                    List<Event> events = new ArrayList<>();
                    for (int n = from; n < Math.min(from + 500, EVENTS); n++) {
                        events.add(outbox.event("item.done", "datacore", (long) (n % RECEIVERS) + 1, (long) n,
                                "media/clip-" + n + ".mp4", "DONE", "media-info", 1, null, null, null));
                    }
                    outbox.publish(events);
                });
            }
            long published = System.nanoTime();
            double publishSeconds = (published - start) / 1e9;
            int deliveredWhilePublishing = receivers.stream().mapToInt(r -> r.requests().size()).sum();
            while (receivers.stream().mapToInt(r -> r.requests().size()).sum() < EVENTS) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
            long finished = System.nanoTime();
            double seconds = (finished - start) / 1e9;
            List<Long> latencies = new ArrayList<>();
            payloads = new ArrayList<>();
            for (Receiver receiver : receivers) {
                for (Receiver.Request request : receiver.requests()) {
                    String body = request.body();
                    int at = body.indexOf("\"timestamp\":\"") + 13;
                    Instant created = Instant.parse(body.substring(at, body.indexOf('"', at)));
                    latencies.add(Duration.between(created, request.at()).toMillis());
                    payloads.add(body);
                }
            }
            System.out.printf("Service (outbox, dispatcher, camel-http): %,d deliveries in %.1f s = %.0f/s "
                            + "(publishing took %.1f s); event-to-receipt latency p50 %d ms, p99 %d ms%n",
                    EVENTS, seconds, EVENTS / seconds, publishSeconds, percentile(latencies, 50), percentile(latencies, 99));
            // Publishing shares the 2 cores with delivery; once it is over, the senders have the machine to themselves
            System.out.printf("Service after publishing ended: %,d deliveries in %.1f s = %.0f/s%n",
                    EVENTS - deliveredWhilePublishing, (finished - published) / 1e9,
                    (EVENTS - deliveredWhilePublishing) / ((finished - published) / 1e9));
        }
        plainLoop(receivers.get(0).url("/plain"), payloads, 1);
        plainLoop(receivers.get(0).url("/plain"), payloads, 16);
        receivers.forEach(Receiver::close);
    }

    /** The upper bound: the same payloads posted by java.net.http, with {@code inFlight} requests at a time. */
    private static void plainLoop(String url, List<String> payloads, int inFlight) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Semaphore slots = new Semaphore(inFlight);
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<?>> pending = new ArrayList<>();
        long start = System.nanoTime();
        for (String payload : payloads) {
            slots.acquire();
            long sent = System.nanoTime();
            pending.add(http.sendAsync(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(payload)).build(), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((r, e) -> {
                        latencies.add((System.nanoTime() - sent) / 1_000_000);
                        slots.release();
                    }));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("Plain java.net.http loop, %d in flight: %,d requests in %.1f s = %.0f/s; p50 %d ms, p99 %d ms%n",
                inFlight, payloads.size(), seconds, payloads.size() / seconds, percentile(latencies, 50),
                percentile(latencies, 99));
    }

    private static long percentile(List<Long> values, int percent) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
    }
}
