package io.notifications.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.notifications.iconik.IconikCallException;
import io.notifications.iconik.IconikUnavailableException;
import io.notifications.system.ConflictException;
import io.notifications.system.InvalidInputException;
import io.notifications.system.JsonProblems;
import io.notifications.system.NotFoundException;
import io.notifications.system.Problems;
import io.notifications.system.UnauthorizedException;
import java.util.Map;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * Turns an exception from an API call into a problem detail (see {@link Problems}): a client's mistake is a 4xx that
 * says what was wrong, with {@code fields} when fields or parameters were; only our own failures are answered with
 * 500, without their details.
 */
@Component("apiErrors")
public class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    private final Problems problems;

    public ApiErrors(Problems problems) {
        this.problems = problems;
    }

    public void respond(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String path = exchange.getMessage().getHeader(Exchange.HTTP_URI, String.class);
        ProblemDetail problem = problem(unwrap(error), path);
        if (problem.getStatus() >= 500) {
            log.error("API call {} {} failed", exchange.getMessage().getHeader(Exchange.HTTP_METHOD), path, error);
        }
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, problem.getStatus());
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        exchange.getMessage().setBody(problems.json(problem));
    }

    private ProblemDetail problem(Throwable cause, String path) {
        if (cause instanceof InvalidInputException invalid) {
            return problems.invalid(invalid.fieldErrors(), path);
        }
        if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return problems.invalid(Map.of(JsonProblems.path(mapping), JsonProblems.describe(mapping)), path);
        }
        if (cause instanceof JsonMappingException) {
            return problems.of(HttpStatus.BAD_REQUEST, "the body must be a JSON object", path);
        }
        if (cause instanceof JsonProcessingException json) {
            var at = json.getLocation();
            return problems.of(HttpStatus.BAD_REQUEST, at == null ? "malformed JSON"
                    : "malformed JSON at line " + at.getLineNr() + ", column " + at.getColumnNr(), path);
        }
        if (cause instanceof IconikCallException iconik) {
            // iconik refused what the service asked for: not the caller's mistake, and not the service's own
            return problems.of(HttpStatus.BAD_GATEWAY, iconik.getMessage(), path);
        }
        if (cause instanceof IconikUnavailableException) {
            return problems.of(HttpStatus.SERVICE_UNAVAILABLE, "iconik is unavailable; try again later", path);
        }
        if (cause instanceof UnauthorizedException) {
            return problems.of(HttpStatus.UNAUTHORIZED, cause.getMessage(), path);
        }
        if (cause instanceof NotFoundException) {
            return problems.of(HttpStatus.NOT_FOUND, cause.getMessage(), path);
        }
        if (cause instanceof OptimisticLockingFailureException) {
            return problems.of(HttpStatus.CONFLICT, "the resource was changed concurrently; reload and retry", path);
        }
        if (cause instanceof ConflictException) {
            return problems.of(HttpStatus.CONFLICT, cause.getMessage(), path);
        }
        return problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal error; see the service log", path);
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
