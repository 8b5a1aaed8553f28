package io.notifications.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over {@code notifications.api.max-body-size} (32 MB: a 20 MB reference picture in
 * base64 fits) with 413, before anything reads them: the REST layer reads a body whole into memory.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestSizeLimit extends OncePerRequestFilter {

    private final long maxBytes;
    private final ObjectMapper objectMapper;

    public RequestSizeLimit(@Value("${notifications.api.max-body-size:32MB}") DataSize maxBodySize,
                            ObjectMapper objectMapper) {
        this.maxBytes = maxBodySize.toBytes();
        this.objectMapper = objectMapper;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBytes) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", 413);
            body.put("error", "Content Too Large");
            body.put("message", "the body is larger than " + maxBytes + " bytes");
            response.setStatus(413);
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            // Not read: the connection is closed rather than drained
            response.setHeader("Connection", "close");
            objectMapper.writeValue(response.getOutputStream(), body);
            return;
        }
        chain.doFilter(request, response);
    }
}
