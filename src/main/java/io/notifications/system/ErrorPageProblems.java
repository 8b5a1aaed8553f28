package io.notifications.system;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.error.ErrorAttributes;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.context.request.ServletWebRequest;

/**
 * The error page, in place of Spring Boot's: errors that happen before or beside the REST API's own handling
 * (a path nothing answers, a method or Content-Type the path does not take, an exception in a filter) are answered
 * as problem details too. Spring MVC's own exceptions say what was wrong; a 5xx says nothing of its cause.
 */
@Controller
class ErrorPageProblems implements ErrorController {

    private final Problems problems;
    private final ErrorAttributes errors;

    ErrorPageProblems(Problems problems, ErrorAttributes errors) {
        this.problems = problems;
        this.errors = errors;
    }

    @RequestMapping("${server.error.path:${error.path:/error}}")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        String path = (String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (!(code instanceof Integer)) {
            // Asked for directly, not forwarded for an error
            problems.write(problems.of(HttpStatus.NOT_FOUND, "there is nothing at " + request.getRequestURI(),
                    request.getRequestURI()), response);
            return;
        }
        HttpStatusCode status = HttpStatusCode.valueOf((Integer) code);
        problems.write(problems.of(status, detail(request, status, path), path), response);
    }

    private String detail(HttpServletRequest request, HttpStatusCode status, String path) {
        if (status.is5xxServerError()) {
            return "internal error; see the service log";
        }
        if (status.value() == 404) {
            return "there is nothing at " + path;
        }
        Throwable error = errors.getError(new ServletWebRequest(request));
        if (error instanceof HttpMediaTypeNotSupportedException unsupported) {
            return (unsupported.getContentType() == null ? "the body has no Content-Type"
                    : "Content-Type " + unsupported.getContentType() + " is not taken here")
                    + "; send " + MediaType.toString(unsupported.getSupportedMediaTypes());
        }
        if (error instanceof ErrorResponse spring && spring.getBody().getDetail() != null) {
            return spring.getBody().getDetail();
        }
        Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        return message instanceof String text && !text.isBlank() ? text
                : request.getMethod() + " " + path + " was refused";
    }
}
