package io.notifications.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import io.notifications.embedded.IconikSimulator;
import io.notifications.support.Api;
import io.notifications.support.Receiver;
import io.notifications.support.Receiver.Answer;
import io.notifications.support.ServiceTest;
import io.notifications.support.Store;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The webhook event catalogue, docs/webhooks/, holds the truth: the service is made to emit every event type to
 * real receivers, and each body received must match its type's schema. Every field sent must also be documented
 * there, and every schema must name a type the service emits.
 */
@ServiceTest
@TestPropertySource(properties = {
        // So that webhook.disabled comes within the test: a subscription failing for half a second is disabled
        "notifications.webhooks.disable-after=500ms",
        "iconik.rules[0].name=catalogue",
        "iconik.rules[0].processor=media-info"})
class WebhookEventSchemasTest {

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final Path CATALOGUE = Path.of("docs/webhooks");
    private static final String ICONIK_SECRET = "test-iconik-secret";
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            registry -> registry.schemaRegistryConfig(SchemaRegistryConfig.builder()
                    // "format" only annotates in 2020-12 unless asked: timestamps must be real date-times
                    .formatAssertionsEnabled(true).build()));

    @Autowired
    Api api;
    @Autowired
    Store store;
    @Autowired
    IconikSimulator iconik;
    @Autowired
    ObjectMapper objectMapper;

    @Test
    void everyEventTypeTheServiceEmitsMatchesItsSchemaAndDocumentsEveryFieldItSends() throws Exception {
        try (Receiver receiver = new Receiver(); Receiver broken = new Receiver()) {
            broken.answer(seen -> new Answer(500, Map.of()));
            long everything = subscribe(receiver.url("/everything"), List.of("*"));
            long failing = subscribe(broken.url("/broken"), List.of("webhook.ping"));

            // item.created, item.processing and item.done of media-info; bucket.scan.completed
            store.createBucket("catalogue-media");
            store.put("catalogue-media", "notes.txt", "plain text");
            store.put("catalogue-media", "astronaut.png", media("astronaut.png"));
            // media-info's probe of a video: container, duration and streams
            store.put("catalogue-media", "Megamind.avi", media("Megamind.avi"));
            long media = api.createBucket(store.bucketSettings("DATACORE", "catalogue-media", "media-info"))
                    .get("id").asLong();

            // item.done of facial-recognition: a picture with a known person, a video with an unknown one
            long person = api.post("/api/faces/persons", Map.of("name", "Eileen Collins", "gallery", "catalogue"))
                    .json().get("id").asLong();
            assertThat(api.post("/api/faces/persons/" + person + "/images",
                    Map.of("image", Base64.getEncoder().encodeToString(media("astronaut.png")))).status())
                    .isEqualTo(201);
            store.createBucket("catalogue-faces");
            store.put("catalogue-faces", "astronaut.png", media("astronaut.png"));
            store.put("catalogue-faces", "Megamind.avi", media("Megamind.avi"));
            Map<String, Object> faces = store.bucketSettings("DATACORE", "catalogue-faces", "facial-recognition");
            faces.put("processorConfig", Map.of("model", "ssd", "frameInterval", 0.5, "gallery", "catalogue"));
            api.createBucket(faces);

            // item.failed
            store.createBucket("catalogue-failing");
            store.put("catalogue-failing", "doomed.txt", "never processed");
            api.createBucket(store.bucketSettings("OBJECT_MATRIX", "catalogue-failing", "always-fails"));

            // The item events of an iconik asset that came through a collection
            String asset = UUID.randomUUID().toString();
            iconik.addDemoAsset(asset, "v1-" + asset.substring(0, 8), "coffee.png", "image/png");
            String collection = UUID.randomUUID().toString();
            iconik.addCollection(collection, List.of(asset));
            assertThat(api.post("/api/iconik/events", iconik.addedToCollectionEvent(collection, asset),
                    Map.of("X-Iconik-Secret", ICONIK_SECRET)).status()).isEqualTo(202);

            // source.unreachable while the store has no such bucket; source.recovered once it has
            long late = api.createBucket(store.bucketSettings("DATACORE", "catalogue-late", "media-info"))
                    .get("id").asLong();
            await().atMost(PATIENCE).until(() -> received(receiver, "source.unreachable") == 1);
            store.createBucket("catalogue-late");
            assertThat(api.post("/api/buckets/" + late + "/scan", Map.of()).status()).isEqualTo(202);

            // item.gone: a finished item's object deleted, and the bucket scanned to the end
            await().atMost(PATIENCE).until(() ->
                    api.items("bucket=" + media + "&status=DONE").get("total").asLong() == 3);
            store.delete("catalogue-media", "notes.txt");
            assertThat(api.post("/api/buckets/" + media + "/scan", Map.of()).status()).isEqualTo(202);
            // item.gone of an iconik item: its asset deleted in iconik once it is processed
            await().atMost(PATIENCE).until(() ->
                    api.items("asset=" + asset + "&status=DONE").get("total").asLong() == 1);
            iconik.removeAsset(asset);
            assertThat(api.post("/api/iconik/events", iconik.assetEvent(asset, "delete"),
                    Map.of("X-Iconik-Secret", ICONIK_SECRET)).status()).isEqualTo(202);

            // webhook.ping; the failing subscription's own ping goes on failing until it is disabled
            assertThat(api.post("/api/webhooks/" + everything + "/test", Map.of()).status()).isEqualTo(202);
            assertThat(api.post("/api/webhooks/" + failing + "/test", Map.of()).status()).isEqualTo(202);

            await().atMost(PATIENCE).untilAsserted(() -> {
                assertThat(Set.copyOf(typesOf(receiver.requests())))
                        .containsExactlyInAnyOrderElementsOf(EventTypes.ALL);
                // Three media-info items, two faces, one iconik asset
                assertThat(received(receiver, "item.done")).isEqualTo(6);
                assertThat(received(receiver, "source.recovered")).isEqualTo(1);
                // A bucket's item and an iconik asset's
                assertThat(received(receiver, "item.gone")).isEqualTo(2);
            });

            List<Receiver.Request> requests = new ArrayList<>(receiver.requests());
            requests.addAll(broken.requests());
            List<String> problems = new ArrayList<>();
            Map<String, Schema> published = new HashMap<>();
            Map<String, Schema> closed = new HashMap<>();
            for (Receiver.Request request : requests) {
                JsonNode body = objectMapper.readTree(request.body());
                String type = body.path("type").asText();
                assertThat(request.header("webhook-id")).as("the webhook-id header")
                        .isEqualTo(body.path("id").asText());
                assertThat(CATALOGUE.resolve(type + ".schema.json")).as("the schema of emitted type " + type)
                        .exists();
                JsonNode schema = schemaFile(type);
                problems.addAll(problems(published.computeIfAbsent(type, t -> SCHEMAS.getSchema(schema)), body,
                        type + " " + body));
                problems.addAll(problems(closed.computeIfAbsent(type, t -> SCHEMAS.getSchema(closed(schema))), body,
                        type + " sends a field its schema does not describe: " + body));
            }
            assertThat(problems).isEmpty();
            // The payloads that show the optional parts: iconik's fields, a recognised person, a video
            assertThat(requests).extracting(Receiver.Request::body)
                    .anyMatch(body -> body.contains("\"collectionId\":\"" + collection + "\""))
                    .anyMatch(body -> body.contains("\"type\":\"item.gone\"")
                            && body.contains("\"assetId\":\"" + asset + "\""))
                    .anyMatch(body -> body.contains("\"personId\":" + person))
                    .anyMatch(body -> body.contains("\"mediaType\":\"video\""));
        }
    }

    @Test
    void theCatalogueIsServedFromTheSchemaFilesToAnyKeyThatMayRead() throws Exception {
        Api.Response catalogue = api.withKey("test-read-key").get("/api/webhooks/event-types");
        assertThat(catalogue.status()).as(catalogue.body()).isEqualTo(200);
        List<String> types = new ArrayList<>();
        for (JsonNode entry : catalogue.json().get("items")) {
            String type = entry.get("type").asText();
            types.add(type);
            JsonNode file = schemaFile(type);
            assertThat(entry.get("schema")).as(type).isEqualTo(file);
            assertThat(entry.get("title").asText()).as(type).isNotBlank().isEqualTo(file.get("title").asText());
        }
        assertThat(types).containsExactlyElementsOf(EventTypes.ALL);

        // The literal path wins over /{id}, wherever the verbs are declared; ids still reach get-webhook
        assertThat(api.get("/api/webhooks/404404").status()).isEqualTo(404);
        assertThat(api.withKey(null).get("/api/webhooks/event-types").status()).isEqualTo(401);
    }

    @Test
    void theSchemasAreValidDescribeEveryFieldAndAreExactlyTheDeclaredTypes() throws Exception {
        Set<String> files;
        try (Stream<Path> listed = Files.list(CATALOGUE)) {
            files = listed.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".schema.json"))
                    .map(name -> name.substring(0, name.length() - ".schema.json".length()))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat(files).as("a schema file for each type in EventTypes.ALL, and no other")
                .containsExactlyInAnyOrderElementsOf(EventTypes.ALL);

        Schema draft202012 = SCHEMAS.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        for (String type : EventTypes.ALL) {
            JsonNode schema = schemaFile(type);
            assertThat(problems(draft202012, schema, type)).isEmpty();
            assertThat(schema.at("/properties/type/const").asText()).as(type).isEqualTo(type);
            assertThat(schema.get("required")).as(type).extracting(JsonNode::asText)
                    .contains("id", "type", "timestamp");
            assertThat(schema.path("title").asText()).as(type).isNotBlank();
            assertThat(schema.path("description").asText()).as(type).isNotBlank();
            assertThat(undescribedFields(schema, "")).as(type + ": fields without a description").isEmpty();
        }
    }

    @Test
    void theReadmeShowsExamplesOfEachTypeThatMatchTheirSchema() throws Exception {
        // Each "#### `item.done`" section of the README holds that type's examples, in JSON blocks
        String[] sections = Files.readString(CATALOGUE.resolve("README.md")).split("\n#### `");
        Pattern jsonBlock = Pattern.compile("```json\n(.*?)```", Pattern.DOTALL);
        Map<String, List<JsonNode>> examples = new LinkedHashMap<>();
        for (String section : List.of(sections).subList(1, sections.length)) {
            List<JsonNode> bodies = new ArrayList<>();
            Matcher block = jsonBlock.matcher(section);
            while (block.find()) {
                bodies.add(objectMapper.readTree(block.group(1)));
            }
            examples.put(section.substring(0, section.indexOf('`')), bodies);
        }
        assertThat(examples.keySet()).containsExactlyElementsOf(EventTypes.ALL);
        examples.forEach((type, bodies) -> {
            assertThat(bodies).as("the README's examples of " + type).isNotEmpty();
            Schema schema = SCHEMAS.getSchema(closed(schemaFile(type)));
            for (JsonNode body : bodies) {
                assertThat(body.path("type").asText()).isEqualTo(type);
                assertThat(problems(schema, body, "the README's " + type)).isEmpty();
            }
        });
    }

    private long subscribe(String url, List<String> eventTypes) {
        Api.Response created = api.post("/api/webhooks", Map.of("url", url, "eventTypes", eventTypes));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    private long received(Receiver receiver, String type) {
        return typesOf(receiver.requests()).stream().filter(type::equals).count();
    }

    private List<String> typesOf(List<Receiver.Request> requests) {
        // Each event once, though a retried one arrives again
        return requests.stream().collect(Collectors.toMap(r -> r.header("webhook-id"), r -> r.body(), (a, b) -> a))
                .values().stream().map(body -> {
                    try {
                        return objectMapper.readTree(body).path("type").asText();
                    } catch (IOException e) {
                        throw new AssertionError("not JSON: " + body, e);
                    }
                }).toList();
    }

    private JsonNode schemaFile(String type) {
        try {
            return objectMapper.readTree(CATALOGUE.resolve(type + ".schema.json").toFile());
        } catch (IOException e) {
            throw new AssertionError("no readable schema for " + type, e);
        }
    }

    private static List<String> problems(Schema schema, JsonNode instance, String what) {
        return schema.validate(instance).stream().map(error -> what + ": " + error).toList();
    }

    /**
     * The schema with every object closed. The published schemas leave objects open, so that receivers accept
     * fields added later; closed, they show a field the service sends but the catalogue does not describe.
     */
    private static JsonNode closed(JsonNode schema) {
        JsonNode copy = schema.deepCopy();
        copy.findParents("additionalProperties").forEach(parent -> {
            if (parent.get("additionalProperties").isBoolean()) {
                ((ObjectNode) parent).put("additionalProperties", false);
            }
        });
        return copy;
    }

    /** The paths of properties, at any depth, that have no description of their own. */
    private static List<String> undescribedFields(JsonNode schema, String at) {
        List<String> missing = new ArrayList<>();
        schema.path("properties").fields().forEachRemaining(field -> {
            if (!field.getValue().hasNonNull("description")) {
                missing.add(at + "/" + field.getKey());
            }
        });
        for (String nested : List.of("properties", "$defs")) {
            schema.path(nested).fields().forEachRemaining(field ->
                    missing.addAll(undescribedFields(field.getValue(), at + "/" + nested + "/" + field.getKey())));
        }
        return missing;
    }

    private static byte[] media(String file) throws IOException {
        try (InputStream in = WebhookEventSchemasTest.class.getClassLoader()
                .getResourceAsStream("demo-media/" + file)) {
            return in.readAllBytes();
        }
    }
}
