package io.notifications.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.notifications.support.Api;
import io.notifications.support.Api.Response;
import io.notifications.support.ServiceTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@ServiceTest
class WebhookApiTest {

    @Autowired
    Api api;

    @Test
    void theSecretIsGeneratedAndShownOnlyOnCreationOrRotation() {
        Response created = api.post("/api/webhooks", Map.of("url", "http://127.0.0.1:9/hook",
                "eventTypes", List.of("item.*"), "description", "workflow"));
        assertThat(created.status()).isEqualTo(201);
        String secret = created.json().get("secret").asText();
        assertThat(secret).startsWith("whsec_");
        assertThat(WebhookSecrets.problem(secret)).isNull();
        long id = created.json().get("id").asLong();

        for (Response response : List.of(api.get("/api/webhooks/" + id), api.get("/api/webhooks?size=500"),
                api.put("/api/webhooks/" + id, Map.of("url", "http://127.0.0.1:9/other", "eventTypes", List.of("*"))))) {
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).doesNotContain(secret).doesNotContain("\"secret\"");
        }

        Response rotated = api.post("/api/webhooks/" + id + "/secret", Map.of());
        assertThat(rotated.status()).isEqualTo(200);
        assertThat(rotated.json().get("secret").asText()).startsWith("whsec_").isNotEqualTo(secret);
        assertThat(rotated.json().hasNonNull("previousSecretExpiresAt")).isTrue();
        assertThat(api.get("/api/webhooks/" + id).body()).doesNotContain(rotated.json().get("secret").asText());
    }

    @Test
    void aClientSecretIsKeptAndValidated() {
        String mine = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        Response created = api.post("/api/webhooks", Map.of("url", "https://example.com/hook", "secret", mine));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("secret").asText()).isEqualTo(mine);
        assertThat(created.json().get("eventTypes")).hasSize(1);

        Response bad = api.post("/api/webhooks", Map.of("url", "https://example.com/hook", "secret", "hunter2"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().at("/fields/secret").asText()).contains("whsec_");
        assertThat(bad.body()).doesNotContain("hunter2");
    }

    @Test
    void unsafeOrInvalidSubscriptionsAreRefused() {
        for (String url : List.of("ftp://example.com/x", "http://169.254.169.254/latest/meta-data/",
                "http://[fd00:ec2::254]/latest", "http://metadata.google.internal/computeMetadata", "not a url", "")) {
            Response response = api.post("/api/webhooks", Map.of("url", url));
            assertThat(response.status()).as(url).isEqualTo(400);
            assertThat(response.json().get("fields").has("url")).as(url).isTrue();
        }
        Response badTypes = api.post("/api/webhooks", Map.of("url", "https://example.com",
                "eventTypes", List.of("item.exploded", "ITEM.*"), "source", "dropbox"));
        assertThat(badTypes.status()).isEqualTo(400);
        JsonNode fields = badTypes.json().get("fields");
        assertThat(fields.fieldNames()).toIterable().contains("eventTypes[0]", "eventTypes[1]", "source");
        assertThat(api.get("/api/webhooks/123456").status()).isEqualTo(404);
        assertThat(api.delete("/api/webhooks/123456").status()).isEqualTo(404);
        assertThat(api.raw("POST", "/api/webhooks", "application/json", "{").status()).isEqualTo(400);
    }
}
