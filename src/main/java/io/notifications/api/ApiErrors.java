package io.notifications.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.notifications.iconik.IconikCallException;
import io.notifications.iconik.IconikUnavailableException;
import io.notifications.system.ConflictException;
import io.notifications.system.InvalidInputException;
import io.notifications.system.JsonProblems;
import io.notifications.system.NotFoundException;
import io.notifications.system.UnauthorizedException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Turns an exception from an API call into a status code and a JSON error body:
 * {@code {"status": 400, "error": "Bad Request", "message": "...", "fields": {"name": "is required"}}}.
 * A client's mistake is never answered with a 500; only our own failures are, without their details.
 */
@Component("apiErrors")
public class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    private final ObjectMapper objectMapper;

    public ApiErrors(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    public void respond(Exchange exchange) throws JsonProcessingException {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Map<String, Object> body = new LinkedHashMap<>();
        HttpStatus status = classify(error, body);
        if (status.is5xxServerError()) {
            log.error("API call {} {} failed", exchange.getMessage().getHeader(Exchange.HTTP_METHOD),
                    exchange.getMessage().getHeader(Exchange.HTTP_URI), error);
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("status", status.value());
        response.put("error", status.getReasonPhrase());
        response.putAll(body);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status.value());
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(objectMapper.writeValueAsString(response));
    }

    private static HttpStatus classify(Throwable error, Map<String, Object> body) {
        Throwable cause = unwrap(error);
        if (cause instanceof InvalidInputException invalid) {
            body.put("message", "invalid request");
            body.put("fields", invalid.fieldErrors());
            return HttpStatus.BAD_REQUEST;
        }
        if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            body.put("message", "invalid request");
            body.put("fields", Map.of(JsonProblems.path(mapping), JsonProblems.describe(mapping)));
            return HttpStatus.BAD_REQUEST;
        }
        if (cause instanceof JsonMappingException) {
            body.put("message", "the body must be a JSON object");
            return HttpStatus.BAD_REQUEST;
        }
        if (cause instanceof JsonProcessingException json) {
            var at = json.getLocation();
            body.put("message", at == null ? "malformed JSON"
                    : "malformed JSON at line " + at.getLineNr() + ", column " + at.getColumnNr());
            return HttpStatus.BAD_REQUEST;
        }
        if (cause instanceof IconikCallException iconik) {
            // iconik refused what the service asked for: not the caller's mistake, and not the service's own
            body.put("message", iconik.getMessage());
            return HttpStatus.BAD_GATEWAY;
        }
        if (cause instanceof IconikUnavailableException) {
            body.put("message", "iconik is unavailable; try again later");
            return HttpStatus.SERVICE_UNAVAILABLE;
        }
        if (cause instanceof UnauthorizedException) {
            body.put("message", cause.getMessage());
            return HttpStatus.UNAUTHORIZED;
        }
        if (cause instanceof NotFoundException) {
            body.put("message", cause.getMessage());
            return HttpStatus.NOT_FOUND;
        }
        if (cause instanceof OptimisticLockingFailureException) {
            body.put("message", "the resource was changed concurrently; reload and retry");
            return HttpStatus.CONFLICT;
        }
        if (cause instanceof ConflictException) {
            body.put("message", cause.getMessage());
            return HttpStatus.CONFLICT;
        }
        body.put("message", "internal error; see the service log");
        return HttpStatus.INTERNAL_SERVER_ERROR;
    }

    /** Camel wraps what the bean threw, and binding wraps what Jackson threw. */
    private static Throwable unwrap(Throwable error) {
        Throwable current = error;
        for (int depth = 0; current != null && depth < 10; depth++) {
            if (current instanceof InvalidInputException || current instanceof NotFoundException
                    || current instanceof UnauthorizedException || current instanceof IconikCallException
                    || current instanceof IconikUnavailableException
                    || current instanceof ConflictException || current instanceof JsonProcessingException
                    || current instanceof OptimisticLockingFailureException) {
                return current;
            }
            current = current.getCause();
        }
        return error;
    }
}
