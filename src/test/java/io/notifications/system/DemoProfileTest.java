package io.notifications.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.notifications.support.ServiceNode;
import io.notifications.support.StdoutCapture;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import io.notifications.bucket.ChecksumMode;
import io.notifications.bucket.S3ClientFactory;
import io.notifications.bucket.Vendor;
import io.notifications.embedded.EmbeddedS3Server;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The demo profile as {@code mvn spring-boot:run} starts it (only ports, database and files moved aside): the demo
 * buckets are processed (the DataCore one through its pipeline of two steps), its key works, its consoles are open,
 * and so it listens on 127.0.0.1 only.
 */
class DemoProfileTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APP = "notifications-demo-test";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theDemoRunsOnLoopbackWithOpenConsolesAndItsBucketsProcessedAndStopsCleanly() throws Exception {
        ConfigurableApplicationContext demo = startDemo();
        try {
            int port = Integer.parseInt(demo.getEnvironment().getProperty("local.server.port"));
            assertThat(get(port, "/actuator/hawtio/", null).statusCode()).isEqualTo(200);
            assertThat(get(port, "/actuator/jolokia/version", null).statusCode()).isEqualTo(200);
            assertThat(get(port, "/api/buckets", null).statusCode()).isEqualTo(401);

            await().atMost(Duration.ofMinutes(2)).until(() -> doneItems(port, "objectmatrix-demo").size() == 3);
            // The DataCore demo bucket runs a pipeline: media-info, then faces in what it found to be a picture
            await().atMost(Duration.ofMinutes(2)).until(() -> doneItems(port, "datacore-demo").size() == 4);
            JsonNode astronaut = null;
            for (JsonNode item : doneItems(port, "datacore-demo")) {
                if (item.path("key").asText().endsWith("astronaut.png")) {
                    astronaut = item;
                }
            }
            assertThat(astronaut).as("the astronaut in the DataCore demo bucket").isNotNull();
            assertThat(astronaut.at("/steps/0/processor").asText()).isEqualTo("media-info");
            assertThat(astronaut.at("/steps/0/outcome").asText()).isEqualTo("DONE");
            assertThat(astronaut.at("/steps/1/processor").asText()).isEqualTo("facial-recognition");
            assertThat(astronaut.at("/steps/1/outcome").asText()).isEqualTo("DONE");
            assertThat(astronaut.at("/result/facial-recognition/faces")).isNotEmpty();

            // The EVENTS bucket lists once an hour (and listed nothing at its start): only the event the demo posts
            // for the upload, as a store's webhook would, can bring the new object in
            EmbeddedS3Server s3 = demo.getBean(EmbeddedS3Server.class);
            try (S3Client client = demo.getBean(S3ClientFactory.class).build(s3.endpoint(), Vendor.DEFAULT_REGION,
                    true, ChecksumMode.WHEN_REQUIRED, s3.accessKey(), s3.secretKey())) {
                client.putObject(b -> b.bucket("events-demo").key("uploads/team photo.png"),
                        RequestBody.fromBytes(getClass().getClassLoader()
                                .getResourceAsStream("demo-media/astronaut.png").readAllBytes()));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> doneItems(port, "events-demo").size() == 1);
            assertThat(doneItems(port, "events-demo").get(0).path("key").asText()).isEqualTo("uploads/team photo.png");

            assertThat(demo.getEnvironment().getProperty("server.address")).isEqualTo("127.0.0.1");
            Optional<InetAddress> other = nonLoopbackAddress();
            if (other.isPresent()) {
                assertThat(connects(other.get(), port)).as("the demo answers on " + other.get()).isFalse();
            } else {
                System.err.println("DemoProfileTest: this machine has no other address to try the demo's port on");
            }
        } catch (Throwable failed) {
            demo.close();
            throw failed;
        }
        assertStopsCleanly(demo);
    }

    /**
     * The stop ends within Camel's graceful timeout (Camel logs "Timeout occurred during graceful shutdown"
     * otherwise), the iconik queue's receivers having returned, with no ERROR: no "Error while polling", no closed
     * database. The time it took is printed, not asserted.
     */
    private static void assertStopsCleanly(ConfigurableApplicationContext demo) {
        long started = System.nanoTime();
        String stopLog;
        try (StdoutCapture console = new StdoutCapture()) {
            demo.close();
            stopLog = console.text();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("DemoProfileTest: the demo stopped in %.1f s%n", seconds);
        List<String> lines = stopLog.lines()
                .filter(line -> line.contains("[" + APP + "]")).toList();
        assertThat(lines).as("what the stop logged").isNotEmpty()
                .noneMatch(line -> line.contains(" ERROR "))
                .noneMatch(line -> line.contains("Timeout occurred during graceful shutdown"));
    }

    private static ConfigurableApplicationContext startDemo() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", "jdbc:h2:mem:demo-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        properties.put("notifications.embedded.s3.port", "0");
        properties.put("notifications.embedded.s3.data-dir", "");
        properties.put("notifications.embedded.sqs.port", "0");
        properties.put("notifications.embedded.iconik.port", "0");
        properties.put("logging.file.name", "target/logs/demo.json");
        properties.put("spring.jmx.unique-names", "true");
        // Its log lines told apart from those of other tests' contexts still running in this JVM
        properties.put("spring.application.name", APP);
        return ServiceNode.startPackaged(DemoMode.PROFILE, properties);
    }

    private JsonNode doneItems(int port, String bucket) throws Exception {
        return JSON.readTree(get(port, "/api/items?bucket=" + bucket + "&status=DONE", "demo-api-key").body())
                .path("items");
    }

    private HttpResponse<String> get(int port, String path, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (key != null) {
            request.header("X-API-Key", key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (network.isUp() && !network.isLoopback()) {
                for (InetAddress address : Collections.list(network.getInetAddresses())) {
                    if (address instanceof Inet4Address) {
                        return Optional.of(address);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static boolean connects(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 1000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
