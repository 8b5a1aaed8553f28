package io.notifications.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.notifications.embedded.EmbeddedS3Server;
import io.notifications.embedded.EmbeddedSqsServer;
import io.notifications.embedded.IconikSimulator;
import io.notifications.support.PostgresSchema;
import io.notifications.support.ServiceNode;
import io.notifications.support.StdoutCapture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The packaged configuration as {@code java -jar} runs it, without the demo and without the test profile, on
 * PostgreSQL (the {@code postgres} profile): closed consoles and API, no demo value accepted, no embedded server,
 * JSON logs on stdout and no log file, and the startup refusals with the property and the fix they name.
 */
class ProductionModeTest {

    private static final String KEY = "a-production-key-of-forty-characters-0001";
    private static final String ENCRYPTION_KEY_PROPERTY = "notifications.security.encryption-key";
    private static final String ENCRYPTION_KEY = "Hk0DbGxuYXlQ7bmW0yZ3H6Qbp1m0yq3qP9VdUu7cTzw=";
    /** The demo's stand-ins' default ports: nothing may listen there. */
    private static final List<Integer> EMBEDDED_PORTS = List.of(9000, 9324, 9326);

    private static PostgresSchema schema;
    private static ConfigurableApplicationContext node;
    private static String output;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startThePackagedConfiguration() {
        schema = new PostgresSchema();
        // Logging is set up once per JVM while any context runs; this start must set it up as java -jar would
        LoggingSystem.get(ProductionModeTest.class.getClassLoader()).cleanUp();
        try (StdoutCapture console = new StdoutCapture()) {
            node = start(Map.of("notifications.security.api-keys[0]", KEY));
            output = console.text();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        if (schema != null) {
            schema.close();
        }
    }

    @Test
    void theConsolesAndTheApiRefuseCallsWithoutTheKeyAndWithTheDemoKey() throws Exception {
        for (String path : List.of("/actuator/hawtio/", "/actuator/jolokia/version", "/api/buckets", "/api/items",
                "/status/")) {
            assertThat(get(path, null).statusCode()).as(path + " without a key").isEqualTo(401);
            assertThat(get(path, "demo-api-key").statusCode()).as(path + " with the demo key").isEqualTo(401);
        }
        assertThat(get("/api/buckets", KEY).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/jolokia/version", KEY).statusCode()).isEqualTo(200);
        HttpResponse<String> health = get("/actuator/health", null);
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
    }

    @Test
    void noEmbeddedServerRunsAndIconikIsOff() throws Exception {
        for (Class<?> standIn : List.of(EmbeddedS3Server.class, EmbeddedSqsServer.class, IconikSimulator.class)) {
            assertThat(node.getBeanNamesForType(standIn)).as(standIn.getSimpleName()).isEmpty();
        }
        for (int port : EMBEDDED_PORTS) {
            assertThat(listening(port)).as("something listens on port " + port).isFalse();
        }
        assertThat(node.getBean(CamelContext.class).getRoute("iconik-sqs-intake")).isNull();
        HttpResponse<String> intake = http.send(HttpRequest.newBuilder(uri("/api/iconik/events"))
                .header("X-Iconik-Secret", "demo-iconik-secret").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(intake.statusCode()).isEqualTo(401);
        assertThat(intake.body()).contains("the iconik HTTP intake is off");
    }

    @Test
    void logsAreJsonOnStdoutAndNoLogFileIsWritten() {
        assertThat(node.getEnvironment().getProperty("logging.file.name")).isNull();
        assertThat(output.lines().filter(line -> line.startsWith("{")).toList())
                .as("JSON lines on stdout").isNotEmpty()
                .allSatisfy(line -> assertThat(line).contains("\"ecs\":{\"version\"").contains("\"log\":{\"level\""));
        assertThat(output).contains("This node is");
    }

    @Test
    void startupIsRefusedWithoutAnApiKey() {
        assertRefused(Map.of(), "notifications.security.keys: no API key is configured",
                "NOTIFICATIONS_SECURITY_KEYS_0_ROLE=ADMIN");
    }

    @Test
    void startupIsRefusedWithoutAnEncryptionKeyOrWithABadOne() {
        Map<String, Object> properties = new LinkedHashMap<>(Map.of("notifications.security.api-keys[0]", KEY));
        properties.put(ENCRYPTION_KEY_PROPERTY, "");
        assertRefused(properties, ENCRYPTION_KEY_PROPERTY + ": no key encrypts the secrets stored in the database",
                "openssl rand -base64 32");
        properties.put(ENCRYPTION_KEY_PROPERTY, "c2hvcnQ=");
        assertRefused(properties, ENCRYPTION_KEY_PROPERTY + ": holds 5 bytes, not the 32 of a 256-bit key",
                "openssl rand -base64 32");
        properties.put(ENCRYPTION_KEY_PROPERTY, "f4QxzjGc5o/DCl8ilTtIRefu/GCq3gs2FNpSpMLHiLM=");
        assertRefused(properties, ENCRYPTION_KEY_PROPERTY + ": holds the demo's published value",
                "Set " + ENCRYPTION_KEY_PROPERTY + " to a value of your own");
    }

    @Test
    void startupIsRefusedWithTheDemosValues() throws Exception {
        assertRefused(Map.of("notifications.security.api-keys[0]", "demo-api-key"),
                "notifications.security.api-keys[0]: holds the demo's published value 'demo-api-key'",
                "Set notifications.security.api-keys[0] to a value of your own");
        // As its digest too
        assertRefused(Map.of("notifications.security.api-keys[0]",
                        "sha256:" + sha256("demo-api-key")),
                "notifications.security.api-keys[0]: holds the demo's published value 'demo-api-key'",
                "--spring.profiles.active=demo");
        for (String[] demo : List.of(new String[] {"iconik.app-id", "demo-app-id"},
                new String[] {"iconik.auth-token", "demo-auth-token"},
                new String[] {"iconik.webhook-secret", "demo-iconik-secret"})) {
            Map<String, Object> iconik = new LinkedHashMap<>(realIconik());
            iconik.put(demo[0], demo[1]);
            assertRefused(iconik, demo[0] + ": holds the demo's published value '" + demo[1] + "'",
                    "Set " + demo[0] + " to a value of your own");
        }
    }

    @Test
    void startupIsRefusedWhenAStandInWouldShadowAConfiguredEndpoint() {
        Map<String, Object> simulator = new LinkedHashMap<>(realIconik());
        simulator.put("notifications.embedded.iconik.enabled", "true");
        simulator.put("notifications.embedded.iconik.port", "0");
        assertRefused(simulator, "notifications.embedded.iconik.enabled: is true while iconik.base-url is set "
                + "(https://iconik.example.com)", "set notifications.embedded.iconik.enabled=false");

        Map<String, Object> queue = new LinkedHashMap<>(realIconik());
        queue.put("iconik.queue", "https://sqs.eu-west-1.amazonaws.com/123456789012/iconik-events");
        queue.put("notifications.embedded.sqs.enabled", "true");
        queue.put("notifications.embedded.sqs.port", "0");
        assertRefused(queue, "notifications.embedded.sqs.enabled: is true while iconik.queue is set",
                "set notifications.embedded.sqs.enabled=false");
    }

    @Test
    void startupIsRefusedWhenAnIconikIntakeLacksIconik() {
        assertRefused(Map.of("iconik.webhook-secret", "a-secret-of-our-own"),
                "iconik.base-url: is not set, but iconik.webhook-secret is",
                "Set iconik.base-url, iconik.app-id and iconik.auth-token");
    }

    private static Map<String, Object> realIconik() {
        return Map.of("notifications.security.api-keys[0]", KEY, "iconik.base-url", "https://iconik.example.com",
                "iconik.app-id", "an-app-id", "iconik.auth-token", "a-token");
    }

    /** Startup fails, and Spring Boot's report names the problem and the fix. */
    private static void assertRefused(Map<String, Object> properties, String problem, String fix) {
        assertThatThrownBy(() -> start(properties).close())
                .as(properties.toString())
                .satisfies(failure -> {
                    InvalidConfigurationException invalid = cause(failure);
                    assertThat(invalid).as("an invalid configuration in " + failure).isNotNull();
                    FailureAnalysis report = new InvalidConfigurationFailureAnalyzer().analyze(failure);
                    assertThat(report.getDescription()).contains(problem);
                    assertThat(report.getAction()).contains(fix);
                });
    }

    private static InvalidConfigurationException cause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InvalidConfigurationException invalid) {
                return invalid;
            }
        }
        return null;
    }

    /** The packaged application.yaml and application-postgres.yaml only, as java -jar reads them. */
    private static ConfigurableApplicationContext start(Map<String, Object> properties) {
        Map<String, Object> all = new LinkedHashMap<>(PostgresSchema.serverProperties());
        all.put("spring.datasource.url", schema.nodeProperties().get("spring.datasource.url"));
        all.put("spring.flyway.schemas", schema.name());
        all.put("spring.jmx.unique-names", "true");
        all.put(ENCRYPTION_KEY_PROPERTY, ENCRYPTION_KEY);
        all.putAll(properties);
        return ServiceNode.startPackaged("postgres", all);
    }

    private HttpResponse<String> get(String path, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
        if (key != null) {
            request.header("X-API-Key", key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + node.getEnvironment().getProperty("local.server.port") + path);
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static String sha256(String value) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(value.getBytes(StandardCharsets.UTF_8)));
    }
}
