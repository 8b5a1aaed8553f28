package io.notifications.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.notifications.bucket.Vendor;
import io.notifications.item.Item;
import io.notifications.item.ItemStatus;
import io.notifications.support.Api;
import io.notifications.support.RestVerbs;
import io.notifications.support.ServiceTest;
import io.swagger.v3.parser.OpenAPIV3Parser;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.Header;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.util.ClassUtils;

/**
 * The REST API describes itself as OpenAPI 3, made from routes/rest-api.yaml, and Swagger UI shows that document:
 * every operation has its parameters, answers and security, and every example request in it gets the answer it
 * documents from the running service.
 */
@ServiceTest
class OpenApiTest {

    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");
    private static final String PROBLEM = "#/components/schemas/Problem";
    private static final String PROBLEM_JSON = "application/problem+json";
    /** The operations whose example requests the document carries, in an order in which they can be sent. */
    private static final List<String> EXAMPLES = List.of("create-bucket", "update-bucket", "create-webhook",
            "update-webhook", "rotate-webhook-secret", "redeliver-failed-webhook-deliveries", "create-face-person",
            "list-face-persons", "list-items", "list-audit");

    @Autowired
    Api api;
    @Autowired
    CamelContext camel;
    @Autowired
    ApplicationContext spring;

    @Test
    void theApiIsDescribedAsOpenApiAndShownBySwaggerUi() {
        Api.Response document = api.get("/api/openapi.json");
        assertThat(document.status()).isEqualTo(200);
        JsonNode openApi = document.json();
        assertThat(openApi.get("openapi").asText()).startsWith("3.");
        assertThat(openApi.at("/info/title").asText()).isEqualTo("Notifications API");
        assertThat(new OpenAPIV3Parser().readContents(document.body()).getMessages()).as("the parser's complaints")
                .isEmpty();

        Api.Response ui = api.get("/api-docs/");
        assertThat(ui.status()).isEqualTo(200);
        assertThat(ui.body()).contains("swagger-ui-bundle.js");
        assertThat(api.get("/api-docs/api-docs.js").body()).contains("/api/openapi.json");
        assertThat(api.get("/webjars/swagger-ui/swagger-ui-bundle.js").status()).isEqualTo(200);
    }

    /**
     * Each operation of the routes is in the document with every path parameter, every query parameter its handler
     * reads, a type for each, a success answer, problem details for its errors, and security: the API key (header
     * or basic auth) by default, iconik's shared secret for iconik's intake.
     */
    @Test
    void everyOperationHasItsParametersAnswersAndSecurity() {
        JsonNode openApi = api.get("/api/openapi.json").json();
        List<String> missing = new ArrayList<>();
        List<RestVerbs.Verb> verbs = RestVerbs.of(camel);
        for (RestVerbs.Verb verb : verbs) {
            String name = verb.method() + " " + verb.path();
            JsonNode operation = openApi.path("paths").path(verb.path()).path(verb.method().toLowerCase());
            if (operation.isMissingNode()) {
                missing.add(name + ": not in the document");
                continue;
            }
            Map<String, JsonNode> parameters = new HashMap<>();
            operation.path("parameters").forEach(p -> parameters.put(p.get("name").asText(), p));
            Set<String> pathParameters = PATH_PARAMETER.matcher(verb.path()).results().map(m -> m.group(1))
                    .collect(Collectors.toSet());
            for (String parameter : pathParameters) {
                if (!parameters.containsKey(parameter)
                        || !parameters.get(parameter).path("in").asText().equals("path")) {
                    missing.add(name + ": path parameter " + parameter);
                }
            }
            for (String read : headersReadBy(verb.to())) {
                if (!parameters.containsKey(read)) {
                    missing.add(name + ": the handler reads " + read + ", which is not a parameter");
                } else if (!pathParameters.contains(read)
                        && !parameters.get(read).path("in").asText().equals("query")) {
                    missing.add(name + ": " + read + " is not a query parameter");
                }
            }
            parameters.forEach((parameter, declared) -> {
                if (!declared.path("schema").has("type")) {
                    missing.add(name + ": parameter " + parameter + " has no type");
                }
                if (declared.path("description").asText().isBlank()) {
                    missing.add(name + ": parameter " + parameter + " has no description");
                }
            });
            if (verb.bodyType() != null && !operation.has("requestBody")) {
                missing.add(name + ": the body it takes");
            }
            JsonNode responses = operation.path("responses");
            List<String> codes = fieldNames(responses);
            if (codes.stream().noneMatch(code -> code.startsWith("2"))) {
                missing.add(name + ": a success answer");
            }
            for (String code : codes) {
                JsonNode content = responses.path(code).path("content");
                if (code.equals("204")) {
                    if (!content.isMissingNode()) {
                        missing.add(name + ": its 204 has no body, but the document gives it one");
                    }
                } else if (code.startsWith("2")) {
                    if (content.isEmpty() || content.has(PROBLEM_JSON) || !everyTypeHasASchema(content)) {
                        missing.add(name + ": the schema of the body of its " + code + ": " + content);
                    }
                } else if (code.startsWith("4") || code.startsWith("5")) {
                    if (!fieldNames(content).equals(List.of(PROBLEM_JSON))
                            || !content.path(PROBLEM_JSON).path("schema").path("$ref").asText().equals(PROBLEM)) {
                        missing.add(name + ": the problem detail of its " + code + " (" + PROBLEM_JSON + "): "
                                + content);
                    }
                } else {
                    missing.add(name + ": an answer that is neither a success nor an error: " + code);
                }
            }
            // The errors each kind of operation has besides its handler's: security's, the body check's and
            // Spring's, iconik's, and the firewall's
            List<String> errors = new ArrayList<>(List.of("401"));
            if (operation.has("requestBody")) {
                errors.addAll(List.of("413", "415"));
            }
            if (verb.path().startsWith("/api/iconik/")) {
                errors.addAll(List.of("502", "503"));
            }
            if (verb.path().startsWith("/api/faces/crops/")) {
                errors.add("400");
            }
            for (String code : errors) {
                if (!responses.has(code)) {
                    missing.add(name + ": the " + code + " answer");
                }
            }
            JsonNode security = operation.has("security") ? operation.get("security") : openApi.get("security");
            List<String> schemes = new ArrayList<>();
            security.forEach(requirement -> schemes.addAll(fieldNames(requirement)));
            if (verb.path().startsWith("/api/iconik/")) {
                if (!operation.has("security") || !schemes.equals(List.of("iconikSecret"))) {
                    missing.add(name + ": iconik's own security, X-Iconik-Secret, and only that: " + schemes);
                }
            } else if (verb.path().equals("/api/buckets/{id}/events")) {
                if (!operation.has("security") || !schemes.equals(List.of("bucketEventSecret"))) {
                    missing.add(name + ": the bucket's own event secret, and only that: " + schemes);
                }
            } else if (!schemes.containsAll(List.of("apiKey", "basicAuth"))) {
                missing.add(name + ": the API key's security: " + schemes);
            }
        }
        assertThat(missing).isEmpty();
        assertThat(verbs).hasSizeGreaterThan(25);

        JsonNode schemes = openApi.at("/components/securitySchemes");
        assertThat(schemes.at("/apiKey/type").asText()).isEqualTo("apiKey");
        assertThat(schemes.at("/apiKey/in").asText()).isEqualTo("header");
        assertThat(schemes.at("/apiKey/name").asText()).isEqualTo("X-API-Key");
        assertThat(schemes.at("/basicAuth/type").asText()).isEqualTo("http");
        assertThat(schemes.at("/basicAuth/scheme").asText()).isEqualTo("basic");
        assertThat(schemes.at("/iconikSecret/in").asText()).isEqualTo("header");
        assertThat(schemes.at("/iconikSecret/name").asText()).isEqualTo("X-Iconik-Secret");
        assertThat(schemes.at("/bucketEventSecret/type").asText()).isEqualTo("http");
        assertThat(schemes.at("/bucketEventSecret/scheme").asText()).isEqualTo("bearer");
        assertThat(openApi.at("/components/schemas/Problem/properties").has("fields")).isTrue();
    }

    /** The limits and choices the handlers enforce are the ones the document states. */
    @Test
    void theParametersCarryTheLimitsAndChoicesTheHandlersEnforce() {
        JsonNode openApi = api.get("/api/openapi.json").json();
        List<String> wrong = new ArrayList<>();
        openApi.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            for (JsonNode parameter : op.getValue().path("parameters")) {
                String name = op.getKey() + " " + path.getKey() + " " + parameter.get("name").asText();
                JsonNode schema = parameter.get("schema");
                switch (parameter.get("name").asText()) {
                    case "page" -> {
                        if (!schema.path("type").asText().equals("integer")
                                || !schema.path("default").asText().equals("0")
                                || !parameter.path("description").asText().contains("from 0")) {
                            wrong.add(name);
                        }
                    }
                    case "size" -> {
                        if (!schema.path("type").asText().equals("integer")
                                || !schema.path("default").asText()
                                        .equals(String.valueOf(ApiParameters.DEFAULT_PAGE_SIZE))
                                || !parameter.path("description").asText()
                                        .contains("1 to " + ApiParameters.MAX_PAGE_SIZE)) {
                            wrong.add(name);
                        }
                    }
                    case "id", "deliveryId" -> {
                        if (!schema.path("type").asText().equals("integer")
                                || !schema.path("format").asText().equals("int64")) {
                            wrong.add(name);
                        }
                    }
                    case "since" -> {
                        if (!schema.path("format").asText().equals("date-time")) {
                            wrong.add(name);
                        }
                    }
                    default -> {
                    }
                }
            }
        }));
        assertThat(wrong).as("page, size, ids and instants as the handlers take them").isEmpty();

        JsonNode listItems = openApi.at("/paths/~1api~1items/get/parameters");
        assertThat(enumOf(listItems, "status")).containsExactlyElementsOf(
                Arrays.stream(ItemStatus.values()).map(Enum::name).toList());
        assertThat(enumOf(listItems, "source")).containsExactlyElementsOf(Stream.concat(
                Arrays.stream(Vendor.values()).map(Vendor::source), Stream.of(Item.ICONIK)).toList());
    }

    /** Relative to where the document was fetched, or what a proxy says; never the 0.0.0.0 the service listens on. */
    @Test
    void theDocumentsServerIsWhereTheServiceIsReached() {
        JsonNode direct = api.get("/api/openapi.json").json().get("servers");
        assertThat(direct).hasSize(1);
        assertThat(direct.get(0).get("url").asText()).doesNotContain("0.0.0.0").doesNotContain("://");

        JsonNode proxied = api.call("GET", "/api/openapi.json", null, Map.of("X-Forwarded-Proto", "https",
                "X-Forwarded-Host", "notifications.example.com")).json().get("servers");
        assertThat(proxied.get(0).get("url").asText()).isEqualTo("https://notifications.example.com");
    }

    /**
     * Each example request of the document matches the document, and sent as documented (its path parameters naming
     * what the example before it created) gets the success answer the document gives, with the body and type the
     * document's schema for it describes.
     */
    @Test
    void everyDocumentedExampleGetsItsDocumentedAnswer() {
        String text = api.get("/api/openapi.json").body();
        JsonNode openApi = api.get("/api/openapi.json").json();
        OpenApiInteractionValidator validator = OpenApiInteractionValidator.createForInlineApiSpecification(text)
                .build();
        Map<String, JsonNode> operations = new LinkedHashMap<>();
        Map<String, String[]> where = new HashMap<>();
        openApi.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (hasExample(op.getValue())) {
                operations.put(op.getValue().get("operationId").asText(), op.getValue());
                where.put(op.getValue().get("operationId").asText(),
                        new String[] {op.getKey().toUpperCase(), path.getKey()});
            }
        }));
        assertThat(operations.keySet()).as("the operations with examples, each sent below")
                .containsExactlyInAnyOrderElementsOf(EXAMPLES);
        assertThat(validator.validateRequest(SimpleRequest.Builder.post("/api/buckets").withHeader("X-API-Key", "k")
                .withContentType("application/json").withBody("{\"name\": \"x\", \"vendor\": \"NOPE\"}").build())
                .hasErrors()).as("the validator refuses a request the document does not allow").isTrue();
        assertThat(validator.validateResponse("/api/buckets", Request.Method.POST, SimpleResponse.Builder.status(201)
                .withContentType("application/json").withBody("{\"id\": \"one\"}").build()).hasErrors())
                .as("the validator refuses an answer the document does not allow").isTrue();

        Map<String, String> created = new HashMap<>();
        List<String> cleanUp = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        try {
            for (String id : EXAMPLES) {
                JsonNode operation = operations.get(id);
                String method = where.get(id)[0];
                String path = where.get(id)[1];
                // {id} names what the example posted to the path before it created
                Matcher parameter = PATH_PARAMETER.matcher(path);
                String sentPath = parameter.find() ? path.replace(parameter.group(), created.get(path.substring(0,
                        parameter.start() - 1))) : path;
                Map<String, String> query = new LinkedHashMap<>();
                operation.path("parameters").forEach(p -> {
                    if (p.path("in").asText().equals("query") && p.has("example")) {
                        query.put(p.get("name").asText(), p.get("example").asText());
                    }
                });
                String body = operation.at("/requestBody/content/application~1json/example").asText(null);
                String uri = sentPath + (query.isEmpty() ? "" : "?" + query.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&")));
                Api.Response response = api.call(method, uri, body, Map.of());

                String documented = fieldNames(operation.get("responses")).stream().filter(c -> c.startsWith("2"))
                        .findFirst().orElseThrow();
                assertThat(response.status()).as(id + ": " + response.body()).isEqualTo(Integer.parseInt(documented));
                SimpleRequest.Builder request = new SimpleRequest.Builder(method, sentPath)
                        .withHeader("X-API-Key", Api.TEST_KEY).withContentType("application/json");
                query.forEach(request::withQueryParam);
                if (body != null) {
                    request.withBody(body);
                }
                validator.validateRequest(request.build()).getMessages()
                        .forEach(message -> wrong.add(id + ": the request: " + message));
                validator.validateResponse(sentPath, Request.Method.valueOf(method), answer(response)).getMessages()
                        .forEach(message -> wrong.add(id + ": the answer: " + message));
                if (method.equals("POST") && response.status() == 201) {
                    created.put(path, response.json().get("id").asText());
                    cleanUp.add(0, path + "/" + response.json().get("id").asText());
                }
            }
        } finally {
            // The example webhook would otherwise be sent other tests' events
            cleanUp.forEach(api::delete);
        }
        assertThat(wrong).as("what the validator finds in the examples' requests and answers").isEmpty();
    }

    /**
     * What is refused before a handler runs (no key, no Content-Type, a malformed crop name) and a handler's own
     * refusal are sent as the document describes them: a problem detail, as application/problem+json, whatever the
     * operation's own type.
     */
    @Test
    void errorsRefusedBeforeTheHandlerAreTheProblemsTheDocumentDescribes() {
        String text = api.get("/api/openapi.json").body();
        OpenApiInteractionValidator validator = OpenApiInteractionValidator.createForInlineApiSpecification(text)
                .build();
        List<String> sent = new ArrayList<>();
        for (RestVerbs.Verb verb : RestVerbs.of(camel)) {
            String path = verb.pathWith("1");
            Request.Method method = Request.Method.valueOf(verb.method());
            if (verb.bodyType() != null) {
                // 415: no Content-Type
                Api.Response unsupported = api.withoutContentType(verb.method(), path, "{}");
                assertThat(unsupported.status()).as(verb + ": " + unsupported.body()).isEqualTo(415);
                assertThat(validator.validateResponse(path, method, answer(unsupported)).getMessages())
                        .as(verb + " 415").isEmpty();
                sent.add(verb.method() + " " + verb.path());
            }
            // 401: no key, or for iconik's intake no secret
            Api.Response response = api.withKey(null).call(verb.method(), path, verb.bodyType() == null ? null : "{}",
                    Map.of());
            assertThat(response.status()).as(verb + ": " + response.body()).isEqualTo(401);
            assertThat(validator.validateResponse(path, method, answer(response)).getMessages()).as(verb + " 401")
                    .isEmpty();
        }
        assertThat(sent).hasSizeGreaterThan(8);
        Api.Response malformedCrop = api.get("/api/faces/crops/%2e%2e");
        assertThat(malformedCrop.status()).isEqualTo(400);
        assertThat(validator.validateResponse("/api/faces/crops/%2e%2e", Request.Method.GET, answer(malformedCrop))
                .getMessages()).as(malformedCrop.body()).isEmpty();
        Api.Response missingCrop = api.get("/api/faces/crops/" + "0".repeat(64) + ".jpg");
        assertThat(missingCrop.status()).isEqualTo(404);
        assertThat(validator.validateResponse("/api/faces/crops/x.jpg", Request.Method.GET, answer(missingCrop))
                .getMessages()).as(missingCrop.body()).isEmpty();
    }

    /** The answer as the validator reads it: status, Content-Type and body. */
    private static SimpleResponse answer(Api.Response response) {
        SimpleResponse.Builder answer = SimpleResponse.Builder.status(response.status());
        response.headers().firstValue("Content-Type").ifPresent(answer::withContentType);
        if (!response.body().isEmpty()) {
            answer.withBody(response.body());
        }
        return answer.build();
    }

    private static boolean hasExample(JsonNode operation) {
        boolean parameterExample = false;
        for (JsonNode parameter : operation.path("parameters")) {
            parameterExample |= parameter.has("example") || parameter.has("examples");
        }
        return parameterExample || operation.at("/requestBody/content/application~1json").has("example");
    }

    /** The headers the handler's bean method takes: its path and query parameters. */
    private Set<String> headersReadBy(String to) {
        Set<String> names = new LinkedHashSet<>();
        Matcher bean = Pattern.compile("bean:([^?]+)\\?method=(\\w+)").matcher(to);
        if (!bean.matches()) {
            return names;
        }
        Class<?> type = ClassUtils.getUserClass(spring.getBean(bean.group(1)));
        for (Method method : type.getMethods()) {
            if (method.getName().equals(bean.group(2))) {
                for (Parameter parameter : method.getParameters()) {
                    Header header = parameter.getAnnotation(Header.class);
                    if (header != null) {
                        names.add(header.value());
                    }
                }
            }
        }
        return names;
    }

    private static boolean everyTypeHasASchema(JsonNode content) {
        for (JsonNode type : content) {
            if (!type.path("schema").has("$ref") && !type.path("schema").has("type")) {
                return false;
            }
        }
        return true;
    }

    private static List<String> enumOf(JsonNode parameters, String name) {
        for (JsonNode parameter : parameters) {
            if (parameter.get("name").asText().equals(name)) {
                List<String> values = new ArrayList<>();
                parameter.at("/schema/enum").forEach(v -> values.add(v.asText()));
                return values;
            }
        }
        return List.of();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
