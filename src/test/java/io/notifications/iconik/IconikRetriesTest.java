package io.notifications.iconik;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.notifications.embedded.IconikSimulator;
import io.notifications.support.ServiceTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The client's retries against the simulated iconik over real HTTP (route iconik-call): which answers are tried
 * again, and after how long. The test profile waits 50 ms before the first retry and at most 2 s.
 */
@ServiceTest
class IconikRetriesTest {

    @Autowired
    IconikClient client;
    @Autowired
    IconikSimulator iconik;
    @Autowired
    ObjectMapper objectMapper;

    @Test
    void aPostAnswered500IsNotRepeatedButOneAnswered503Is() {
        String asset = UUID.randomUUID().toString();
        String path = "/API/assets/v1/assets/" + asset + "/segments/bulk/";
        iconik.fail(path, 500, 1, null);
        assertThatThrownBy(() -> client.createSegments(asset, List.of(segment())))
                .isInstanceOf(IconikUnavailableException.class).hasMessageContaining("HTTP 500 1 time(s)");
        assertThat(calls("POST", path)).hasSize(1);

        iconik.fail(path, 503, 1, null);
        client.createSegments(asset, List.of(segment()));
        assertThat(calls("POST", path)).hasSize(3);
        assertThat(iconik.segments(asset)).hasSize(1);
    }

    @Test
    void otherCallsAreRetriedAfter500UntilTheAttemptsAreUsedUp() {
        String asset = UUID.randomUUID().toString();
        String path = "/API/metadata/v1/assets/" + asset + "/views/view-1/";
        ObjectNode values = objectMapper.createObjectNode().put("title", "retried");
        iconik.fail(path, 500, 2, null);
        assertThat(client.putMetadata(asset, "view-1", values).path("title").asText()).isEqualTo("retried");
        assertThat(calls("PUT", path)).hasSize(3);

        // iconik.retry.attempts: 5 calls in all
        iconik.fail(path, 502, 5, null);
        assertThatThrownBy(() -> client.putMetadata(asset, "view-1", values))
                .isInstanceOf(IconikUnavailableException.class).hasMessageContaining("HTTP 502 5 time(s)");
        assertThat(calls("PUT", path)).hasSize(3 + 5);
    }

    @Test
    void retryAfterIsHonouredUpToTheLongestWait() {
        String asset = UUID.randomUUID().toString();
        String path = "/API/metadata/v1/assets/" + asset + "/views/view-1/";
        // Asks for a minute; iconik.retry.max-wait is 2 s in the test profile
        iconik.fail(path, 429, 1, 60);
        client.putMetadata(asset, "view-1", objectMapper.createObjectNode().put("title", "late"));
        List<IconikSimulator.Request> calls = calls("PUT", path);
        assertThat(calls).hasSize(2);
        assertThat(Duration.between(calls.get(0).at(), calls.get(1).at()))
                .isBetween(Duration.ofMillis(1900), Duration.ofSeconds(20));
    }

    @Test
    void refusalsAreNotRetriedAndTheProbeMakesOneCallOnly() {
        String asset = UUID.randomUUID().toString();
        String path = "/API/metadata/v1/assets/" + asset + "/views/view-1/";
        iconik.fail(path, 422, 1, null);
        assertThatThrownBy(() -> client.putMetadata(asset, "view-1", objectMapper.createObjectNode()))
                .isInstanceOfSatisfying(IconikCallException.class, e -> assertThat(e.status()).isEqualTo(422));
        assertThat(calls("PUT", path)).hasSize(1);

        int before = calls("GET", "/API/jobs/v1/jobs/").size();
        iconik.fail("/API/jobs/v1/jobs/", 503, 1, null);
        assertThatThrownBy(client::probe).isInstanceOf(IconikUnavailableException.class);
        assertThat(calls("GET", "/API/jobs/v1/jobs/")).hasSize(before + 1);
        client.probe();
    }

    private List<IconikSimulator.Request> calls(String method, String path) {
        return iconik.requests().stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
    }

    private ObjectNode segment() {
        return objectMapper.createObjectNode().put("segment_type", "GENERIC").put("time_start_milliseconds", 0)
                .put("time_end_milliseconds", 1000);
    }
}
