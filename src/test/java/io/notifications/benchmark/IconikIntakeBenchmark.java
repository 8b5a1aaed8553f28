package io.notifications.benchmark;

import io.notifications.embedded.EmbeddedSqsServer;
import io.notifications.embedded.IconikSimulator;
import io.notifications.iconik.IconikEvents;
import io.notifications.iconik.IconikIntake;
import io.notifications.item.ItemRepository;
import io.notifications.support.ServiceNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Sends 5,000 iconik events through the embedded SQS server and times how fast the service records them as
 * items, with the simulated iconik answering at once and after 20 ms. In the same run, on the same queue: a plain
 * SDK receive + batch delete loop, the upper bound; the same loop doing the service's own loading and recording
 * without Camel, the cost of the work itself; and the service's Camel consumer doing nothing. Prints numbers;
 * asserts nothing. The rule's processor waits on a gate that never opens, so processing takes no CPU from
 * recording. Run with
 * {@code mvn -Pbenchmark verify -Dbenchmark.main=io.notifications.benchmark.IconikIntakeBenchmark}.
 */
public final class IconikIntakeBenchmark {

    private static final int EVENTS = Integer.getInteger("benchmark.events", 5_000);

    private IconikIntakeBenchmark() {
    }

    public static void main(String[] args) {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        System.out.printf("%niconik intake benchmark: %,d events through the embedded SQS server%n", EVENTS);
        System.out.println("Warm-up round, so that the JIT has compiled every path below (numbers not comparable):");
        run(8, 0, true);
        System.out.println("Measured:");
        run(8, 0, true);
        // With an instant iconik the work is all CPU, and fewer receivers waste less of it; with a slow one, more
        // receivers hide more of the wait (iconik.concurrency)
        run(4, 0, true);
        run(8, 20, false);
        run(16, 20, false);
    }

    private static void run(int consumers, long delayMs, boolean withBaselines) {
        // Receivers as the service runs them; the no-op consumer below uses the same number
        Map<String, Object> properties = Map.of(
                "spring.datasource.url", "jdbc:h2:mem:iconik-benchmark-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "notifications.embedded.s3.enabled", "false",
                "logging.level.root", "WARN",
                // The gated items are interrupted at shutdown, which is expected here
                "logging.level.org.apache.camel.component.seda", "ERROR",
                "iconik.concurrency", String.valueOf(consumers),
                "iconik.rules[0].name", "benchmark",
                "iconik.rules[0].processor", "gated",
                "iconik.rules[0].processor-config.gate", "never-" + UUID.randomUUID());
        try (ConfigurableApplicationContext service = ServiceNode.start(properties)) {
            IconikSimulator iconik = service.getBean(IconikSimulator.class);
            EmbeddedSqsServer sqsServer = service.getBean(EmbeddedSqsServer.class);
            CamelContext camel = service.getBean(CamelContext.class);
            ItemRepository items = service.getBean(ItemRepository.class);
            camel.getRouteController().stopRoute("iconik-sqs-intake");
            List<String> events = newAssetEvents(iconik);
            try (SqsClient sqs = sqsServer.client()) {
                send(sqs, sqsServer.queueUrl(), events);
                iconik.setDelay(Duration.ofMillis(delayMs));
                long start = System.nanoTime();
                camel.getRouteController().startRoute("iconik-sqs-intake");
                while (items.count() < EVENTS) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                double recorded = EVENTS / seconds;
                System.out.printf("  Service, %2d receivers, iconik answering in %2d ms: %,d events recorded in %.1f s = %.0f events/s%n",
                        consumers, delayMs, EVENTS, seconds, recorded);
                if (withBaselines) {
                    camel.getRouteController().stopRoute("iconik-sqs-intake");
                    send(sqs, sqsServer.queueUrl(), events);
                    double plain = plainLoop(sqs, sqsServer.queueUrl(), null, null);
                    System.out.printf("    = %.0f%% of the plain loop%n", 100 * recorded / plain);
                    send(sqs, sqsServer.queueUrl(), newAssetEvents(iconik));
                    plainLoop(sqs, sqsServer.queueUrl(), service.getBean(IconikEvents.class),
                            service.getBean(IconikIntake.class));
                    send(sqs, sqsServer.queueUrl(), events);
                    consumerDoingNothing(camel, sqsServer.queueUrl(), consumers, false);
                    send(sqs, sqsServer.queueUrl(), events);
                    consumerDoingNothing(camel, sqsServer.queueUrl(), consumers, true);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The consumer the service uses, with nothing to do per message: the ceiling of any recording. Either with the
     * stock one-by-one deletes, or with the service's batched ones.
     */
    private static void consumerDoingNothing(CamelContext camel, String queueUrl, int consumers, boolean batchedDeletes)
            throws Exception {
        AtomicInteger done = new AtomicInteger();
        String routeId = "benchmark-noop-consumer-" + batchedDeletes;
        long start = System.nanoTime();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                var route = from("aws2-sqs:noop?amazonSQSClient=#iconikSqs&queueUrl=" + queueUrl + "&waitTimeSeconds=1"
                        + "&maxMessagesPerPoll=10&greedy=true&delay=100&concurrentConsumers=" + consumers
                        + "&deleteAfterRead=" + !batchedDeletes)
                        .routeId(routeId);
                route.process(exchange -> done.incrementAndGet());
                if (batchedDeletes) {
                    // As the service does it, with nothing loaded and nothing to record
                    route.setBody(constant(List.of())).bean("iconikQueueBatch", "loaded");
                }
            }
        });
        while (done.get() < EVENTS) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        camel.getRouteController().stopRoute(routeId);
        System.out.printf("  Camel aws2-sqs consumer, %d receivers, doing nothing, %s deletes: %,d messages in %.1f s = %.0f msg/s%n",
                consumers, batchedDeletes ? "batched" : "one-by-one", EVENTS, seconds, EVENTS / seconds);
    }

    /** Events about assets new to iconik and to the service: each is recorded, none is a duplicate. */
    private static List<String> newAssetEvents(IconikSimulator iconik) {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            String id = UUID.randomUUID().toString();
            iconik.addAsset(new IconikSimulator.Asset(id, UUID.randomUUID().toString(), "clip-" + i + ".mp4",
                    "video/mp4", new byte[] {1}));
            events.add(iconik.assetEvent(id, "create"));
        }
        return events;
    }

    private static void send(SqsClient sqs, String queueUrl, List<String> events) {
        for (int from = 0; from < events.size(); from += 10) {
            List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
            for (int i = from; i < Math.min(from + 10, events.size()); i++) {
                batch.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody(events.get(i)).build());
            }
            sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(batch));
        }
    }

    /**
     * The upper bound: receive 10 at a time and delete them in one batch, one thread, nothing else. With an intake,
     * the service's own recording in between, but without Camel: parse, load from iconik, record the ten together.
     */
    private static double plainLoop(SqsClient sqs, String queueUrl, IconikEvents parser, IconikIntake intake) {
        int received = 0;
        long start = System.nanoTime();
        while (received < EVENTS) {
            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages();
            if (messages.isEmpty()) {
                continue;
            }
            if (intake != null) {
                List<IconikIntake.LoadedAsset> loaded = new ArrayList<>();
                for (Message message : messages) {
                    loaded.addAll(intake.load(intake.requests(parser.parse(message.body()))));
                }
                intake.record(loaded);
            }
            sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(messages.stream().map(m ->
                    DeleteMessageBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle()).build())
                    .toList()));
            received += messages.size();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("  Plain SDK loop (receive 10, %sbatch delete, 1 thread): %,d messages in %.1f s = %.0f msg/s%n",
                intake == null ? "" : "load and record them, ", EVENTS, seconds, EVENTS / seconds);
        return EVENTS / seconds;
    }
}
