package io.notifications.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.notifications.support.Api;
import io.notifications.support.ServiceTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The REST API describes itself as OpenAPI 3, and Swagger UI shows that document. */
@ServiceTest
class OpenApiTest {

    @Autowired
    Api api;

    @Test
    void theApiIsDescribedAsOpenApiAndShownBySwaggerUi() {
        Api.Response document = api.get("/api/openapi.json");
        assertThat(document.status()).isEqualTo(200);
        JsonNode openApi = document.json();
        assertThat(openApi.get("openapi").asText()).startsWith("3.");
        assertThat(openApi.at("/info/title").asText()).isEqualTo("Notifications API");
        JsonNode paths = openApi.get("paths");
        for (String path : new String[] {"/api/buckets", "/api/buckets/{id}", "/api/items/{id}/retry",
                "/api/webhooks/{id}/deliveries", "/api/faces/persons/{id}/images", "/api/iconik/events"}) {
            assertThat(paths.has(path)).as(path).isTrue();
        }
        assertThat(paths.at("/~1api~1buckets/post/requestBody")).as("the bucket settings body").isNotNull();

        Api.Response ui = api.get("/api-docs/");
        assertThat(ui.status()).isEqualTo(200);
        assertThat(ui.body()).contains("swagger-ui-bundle.js");
        assertThat(api.get("/api-docs/api-docs.js").body()).contains("/api/openapi.json");
        assertThat(api.get("/webjars/swagger-ui/swagger-ui-bundle.js").status()).isEqualTo(200);
    }
}
