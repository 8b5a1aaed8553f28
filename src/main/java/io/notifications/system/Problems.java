package io.notifications.system;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * Every error the service answers is a problem detail (RFC 9457, {@code application/problem+json}) made here, and
 * written with Spring's ObjectMapper: by the REST API's error policy, the security filters, the request body check,
 * the error page and Tomcat's error report.
 * <ul>
 * <li>A problem that its status explains has the type {@code about:blank} and the status's reason phrase as title
 * (RFC 9457, section 4.2.1); {@code detail} says what happened.</li>
 * <li>A request refused for what its fields or parameters hold has the type {@link #VALIDATION}, the title
 * "Invalid request", and {@code fields}: each field's name (or JSON path) with the reason.</li>
 * </ul>
 * {@code instance} is the path that was called.
 */
@Component
public class Problems {

    /** The one kind of problem with a member of its own ({@code fields}), so with a type of its own. */
    public static final URI VALIDATION = URI.create("https://notifications-api/problems/validation");

    private final ObjectMapper objectMapper;

    public Problems(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    public ProblemDetail of(HttpStatusCode status, String detail, String path) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title(status));
        setInstance(problem, path);
        return problem;
    }

    public ProblemDetail invalid(Map<String, String> fields, String path) {
        Map<String, String> sorted = new TreeMap<>(fields);
        ProblemDetail problem = of(HttpStatus.BAD_REQUEST, "invalid fields: " + String.join(", ", sorted.keySet()),
                path);
        problem.setType(VALIDATION);
        problem.setTitle("Invalid request");
        problem.setProperty("fields", sorted);
        return problem;
    }

    /** Writes the problem as the whole answer; the caller's other headers (WWW-Authenticate, Allow) stay. */
    public void write(ProblemDetail problem, HttpServletResponse response) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        objectMapper.writeValue(response.getOutputStream(), problem);
    }

    public String json(ProblemDetail problem) {
        try {
            return objectMapper.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem detail could not be written as JSON", e);
        }
    }

    private static String title(HttpStatusCode status) {
        if (status.value() == 413) {
            return "Content Too Large"; // RFC 9110's name; Spring still says Payload Too Large
        }
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "HTTP " + status.value() : known.getReasonPhrase();
    }

    /** The path as sent may be one that was refused for what it holds; then it is left out. */
    private static void setInstance(ProblemDetail problem, String path) {
        if (path == null || path.isEmpty()) {
            return;
        }
        try {
            problem.setInstance(new URI(path));
        } catch (URISyntaxException notAUri) {
            // no instance
        }
    }
}
