package io.notifications.api;

import io.notifications.system.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Request bodies the service could not read are refused with a 4xx problem detail before anything
 * reads them, since the REST layer reads a body whole into memory and would fail with a 500:
 * <ul>
 * <li>over {@code notifications.api.max-body-size} (32 MB: a 20 MB reference picture in base64 fits): 413, whether
 * the length is declared or the body is chunked;</li>
 * <li>text (JSON, {@code text/*}, or no type) that is not valid in its charset, UTF-8 unless it says: 400.</li>
 * </ul>
 * It runs after authentication, so that only callers who may post have their bodies read.
 */
@Component
@Order(SecurityProperties.DEFAULT_FILTER_ORDER + 1)
public class RequestBodyCheck extends OncePerRequestFilter {

    private final long maxBytes;
    private final Problems problems;

    public RequestBodyCheck(@Value("${notifications.api.max-body-size:32MB}") DataSize maxBodySize,
                            Problems problems) {
        this.maxBytes = Math.min(maxBodySize.toBytes(), Integer.MAX_VALUE - 16);
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            tooLarge(request, response);
            return;
        }
        boolean chunked = request.getHeader("Transfer-Encoding") != null;
        if (declared <= 0 && !chunked || isForm(request.getContentType())) {
            // No body; or a form, which the container parses (and limits) itself
            chain.doFilter(request, response);
            return;
        }
        byte[] body = request.getInputStream().readNBytes((int) maxBytes + 1);
        if (body.length > maxBytes) {
            tooLarge(request, response);
            return;
        }
        String charsetProblem = charsetProblem(request.getContentType(), body);
        if (charsetProblem != null) {
            problems.write(problems.of(HttpStatus.BAD_REQUEST, charsetProblem, request.getRequestURI()), response);
            return;
        }
        chain.doFilter(new ReadBody(request, body), response);
    }

    /** Why the body cannot be read as the text it claims to be, or null when it can (or is not text). */
    static String charsetProblem(String contentType, byte[] body) {
        MediaType type;
        try {
            type = contentType == null ? null : MediaType.parseMediaType(contentType);
        } catch (IllegalArgumentException e) {
            return null; // Whoever reads it answers 415 for a type it does not take
        }
        Charset charset;
        try {
            charset = type == null || type.getCharset() == null ? StandardCharsets.UTF_8 : type.getCharset();
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return "the charset of Content-Type '" + contentType + "' is not supported";
        }
        boolean text = type == null || "text".equals(type.getType()) || type.getSubtype().equals("json")
                || type.getSubtype().endsWith("+json");
        if (!text) {
            return null;
        }
        try {
            charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
            return null;
        } catch (CharacterCodingException e) {
            return "the body is not valid " + charset.name() + " text";
        }
    }

    private static boolean isForm(String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        return type.startsWith(MediaType.APPLICATION_FORM_URLENCODED_VALUE) || type.startsWith("multipart/");
    }

    private void tooLarge(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // Not read on: the connection is closed rather than drained
        response.setHeader("Connection", "close");
        problems.write(problems.of(HttpStatus.PAYLOAD_TOO_LARGE, "the body is larger than " + maxBytes + " bytes",
                request.getRequestURI()), response);
    }

    /** The request with its body already read, for whatever reads it next. */
    private static final class ReadBody extends HttpServletRequestWrapper {

        private final byte[] body;

        ReadBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream bytes = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return bytes.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return bytes.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return bytes.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body was read already; read it blocking");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }
}
