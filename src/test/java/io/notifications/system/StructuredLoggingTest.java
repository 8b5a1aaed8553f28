package io.notifications.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.notifications.support.Api;
import io.notifications.support.ServiceTest;
import io.notifications.support.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/** The log file is JSON, one object per line, and a failed item's lines carry its id and source as fields. */
@ServiceTest
class StructuredLoggingTest {

    private final ObjectMapper json = new ObjectMapper();

    @Autowired
    Api api;
    @Autowired
    Store store;
    @Autowired
    Environment environment;

    @Test
    void anItemsLogLinesCarryItsIdAsAField() throws Exception {
        store.createBucket("logged");
        store.put("logged", "doomed.txt", "x");
        long bucket = api.createBucket(store.bucketSettings("DATACORE", "logged", "always-fails")).get("id").asLong();
        await().atMost(Duration.ofSeconds(60)).until(() ->
                api.items("bucket=" + bucket + "&status=FAILED").get("total").asInt() == 1);
        String itemId = api.item(bucket, "doomed.txt").get("id").asText();

        Path file = Path.of(environment.getRequiredProperty("logging.file.name"));
        await().atMost(Duration.ofSeconds(10)).until(() -> lines(file).stream()
                .anyMatch(line -> itemId.equals(line.path("itemId").asText(null))));
        JsonNode line = lines(file).stream().filter(l -> itemId.equals(l.path("itemId").asText(null)))
                .findFirst().orElseThrow();
        assertThat(line.path("source").asText()).isEqualTo("datacore");
        assertThat(line.at("/log/level").asText()).isEqualTo("WARN");
        assertThat(line.path("message").asText()).contains("doomed.txt").contains("failed");
    }

    private List<JsonNode> lines(Path file) throws IOException {
        return Files.readAllLines(file).stream().map(text -> {
            try {
                return json.readTree(text);
            } catch (IOException notJson) {
                throw new AssertionError("a log line that is not JSON: " + text);
            }
        }).filter(Objects::nonNull).toList();
    }
}
