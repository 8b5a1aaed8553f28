package io.notifications.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.openapi.OpenApiRestApiProcessorFactory;
import org.apache.camel.spi.RestApiProcessorFactory;
import org.apache.camel.spi.RestConfiguration;
import org.apache.camel.support.processor.DelegateProcessor;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * {@code /api/openapi.json} as camel-openapi-java makes it from {@code routes/rest-api.yaml}, with the one thing the
 * REST DSL cannot say: an error answer (schema {@code Problem}) is listed under {@code application/problem+json}, the
 * type {@link ApiErrors} and the rest of the service send it with. camel-openapi-java 4.17 lists every answer under
 * its operation's own type ({@code application/json}, or {@code image/jpeg} for a face crop), and ignores a
 * responseMessage's {@code contentType}. Camel takes the one {@link RestApiProcessorFactory} in the registry.
 */
@Component
class OpenApiDocument implements RestApiProcessorFactory {

    static final String PROBLEM_SCHEMA = "#/components/schemas/Problem";

    private final RestApiProcessorFactory generator = new OpenApiRestApiProcessorFactory();
    private final ObjectMapper objectMapper;

    OpenApiDocument(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    @Override
    public Processor createApiProcessor(CamelContext camelContext, String contextPath, RestConfiguration configuration,
                                        Map<String, Object> parameters) throws Exception {
        Processor generated = generator.createApiProcessor(camelContext, contextPath, configuration, parameters);
        // DelegateProcessor starts and stops the generator with itself
        return new DelegateProcessor(generated) {
            @Override
            public void process(Exchange exchange) throws Exception {
                processNext(exchange);
                Message answer = exchange.getMessage();
                String type = answer.getHeader(Exchange.CONTENT_TYPE, String.class);
                byte[] document = answer.getBody(byte[].class);
                if (document != null && type != null && type.contains("json")) {
                    byte[] corrected = withProblemMediaType(document);
                    answer.setBody(corrected);
                    answer.setHeader(Exchange.CONTENT_LENGTH, corrected.length);
                }
            }
        };
    }

    /** The document with the content of each answer whose schema is the problem under application/problem+json. */
    byte[] withProblemMediaType(byte[] document) throws IOException {
        JsonNode openApi = objectMapper.readTree(document);
        for (JsonNode path : openApi.path("paths")) {
            for (JsonNode operation : path) {
                for (JsonNode answer : operation.path("responses")) {
                    JsonNode schema = problemSchema(answer.path("content"));
                    if (schema != null) {
                        ObjectNode content = objectMapper.createObjectNode();
                        content.putObject(MediaType.APPLICATION_PROBLEM_JSON_VALUE).set("schema", schema);
                        ((ObjectNode) answer).set("content", content);
                    }
                }
            }
        }
        return objectMapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(openApi);
    }

    /** The problem's schema when the content lists it, under whatever type, and nothing else; otherwise null. */
    private static JsonNode problemSchema(JsonNode content) {
        JsonNode schema = null;
        for (JsonNode type : content) {
            if (!type.path("schema").path("$ref").asText().equals(PROBLEM_SCHEMA)) {
                return null;
            }
            schema = type.get("schema");
        }
        return schema;
    }
}
