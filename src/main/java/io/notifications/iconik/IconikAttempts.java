package io.notifications.iconik;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.notifications.system.Backoff;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Each attempt of an iconik call, and whether another follows (routes/iconik-api.yaml): an attempt takes a turn
 * of the {@link IconikBudget}, and its answer is counted and read here. After a failed attempt Camel's redelivery
 * asks {@link #process} whether and when to try again: after 429 or 5xx, or no answer, with the wait that
 * {@code Retry-After} asks for (up to {@code iconik.retry.max-wait}), or else exponential backoff with jitter from
 * {@code iconik.retry.first-wait}; never a POST after a 500 or no answer. 401/403 and other 4xx are final.
 */
@Component
public class IconikAttempts implements Processor {

    private static final Logger log = LoggerFactory.getLogger(IconikAttempts.class);
    static final String CREDENTIALS_REJECTED = "iconik credentials rejected";
    /** The jitter of waits that iconik did not ask for, so that many callers' retries spread out. */
    private static final double JITTER = 0.2;

    private final IconikBudget budget;
    private final ObjectMapper objectMapper;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final Backoff backoff;
    private volatile Instant credentialsRejectedAt;

    public IconikAttempts(IconikBudget budget, ObjectMapper objectMapper, MeterRegistry metrics, Clock clock,
                          IconikProperties properties) {
        this.budget = budget;
        this.objectMapper = objectMapper;
        this.metrics = metrics;
        this.clock = clock;
        this.backoff = new Backoff(properties.retry().firstWait(), properties.retry().maxWait(), JITTER);
    }

    /** Waits for the budget: every attempt costs a call, each retry too. */
    public void takeTurn(Exchange exchange) {
        budget.acquire(call(exchange).kind());
    }

    /**
     * iconik's answer to this attempt: its JSON when it is a 2xx, otherwise an {@link IconikCallException} (4xx,
     * final) or an {@link IconikUnavailableException} (429, 5xx; {@link #process} decides whether to retry).
     */
    public JsonNode answered(Exchange exchange) {
        IconikCall call = call(exchange);
        Message message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        counted(call, String.valueOf(status));
        remaining(message.getHeader("RateLimit-Remaining", String.class));
        String text = message.getBody(String.class);
        if (status >= 200 && status < 300) {
            credentialsRejectedAt = null;
            return parse(text, call);
        }
        if (status == 401 || status == 403) {
            if (credentialsRejectedAt == null) {
                credentialsRejectedAt = clock.instant();
            }
            throw new IconikCallException(status, CREDENTIALS_REJECTED + " (HTTP " + status + " for " + call + ")");
        }
        if (status != 429 && status < 500) {
            throw new IconikCallException(status, "iconik answered " + call + " with HTTP " + status + ": "
                    + IconikClient.abbreviate(text));
        }
        int attempt = exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class) + 1;
        throw new IconikUnavailableException("iconik answered " + call + " with HTTP " + status + " " + attempt
                + " time(s): " + IconikClient.abbreviate(text), null);
    }

    /** When iconik last refused the credentials, or null if it has accepted them since. */
    Instant credentialsRejectedAt() {
        return credentialsRejectedAt;
    }

    /**
     * After each failed attempt (the redelivery's {@code onExceptionOccurred}): sets the wait before the next one
     * as {@link Exchange#REDELIVERY_DELAY}, which the redelivery takes instead of its own, or removes it when the
     * failure is final; the route's {@code retryWhile} retries while it is set.
     */
    @Override
    public void process(Exchange exchange) {
        IconikCall call = call(exchange);
        Message message = exchange.getIn();
        // Set by the redelivery before this runs: the attempts made so far
        int attempt = message.getHeader(Exchange.REDELIVERY_COUNTER, 1, Integer.class);
        Exception failure = exchange.getException();
        // The budget, answered() and parse() throw only these; anything else is the HTTP call's: no answer
        boolean unanswered = !(failure instanceof IconikUnavailableException || failure instanceof IconikCallException);
        if (unanswered) {
            counted(call, "none");
        }
        Duration wait = nextWait(call, attempt, unanswered, message.getHeader(Exchange.HTTP_RESPONSE_CODE,
                Integer.class), message.getHeader("Retry-After", String.class), ThreadLocalRandom.current().nextDouble());
        if (wait == null) {
            message.removeHeader(Exchange.REDELIVERY_DELAY);
            return;
        }
        log.debug("iconik call {} failed (attempt {}/{}), retrying in {} ms: {}", call, attempt, call.attempts(),
                wait.toMillis(), failure.toString());
        message.setHeader(Exchange.REDELIVERY_DELAY, wait.toMillis());
    }

    /**
     * The wait before the attempt after {@code attempt}, or null when there is none.
     *
     * @param unanswered whether the call got no answer
     * @param status     the HTTP status of the answer; none when the budget gave no turn
     * @param retryAfter the answer's {@code Retry-After}
     */
    Duration nextWait(IconikCall call, int attempt, boolean unanswered, Integer status, String retryAfter,
                      double random) {
        if (attempt >= call.attempts()) {
            return null;
        }
        if (unanswered) {
            return call.repeatable() ? backoff.delay(attempt, random) : null;
        }
        // No turn of the budget, a 2xx that was no JSON, a 4xx: trying again now would not help
        if (status == null || (status != 429 && status < 500)) {
            return null;
        }
        if (!call.repeatable() && status != 429 && status != 503) {
            return null;
        }
        Duration asked = retryAfter(retryAfter, clock.instant());
        if (asked == null) {
            return backoff.delay(attempt, random);
        }
        return asked.compareTo(backoff.maxWait()) > 0 ? backoff.maxWait() : asked;
    }

    /** {@code Retry-After}, either seconds or an HTTP date; null when it says neither. */
    static Duration retryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(now, at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    /** {@code notifications.iconik.api.calls}, by method, iconik service (assets, files, ...) and HTTP status. */
    private void counted(IconikCall call, String status) {
        String[] parts = call.pathAndQuery().split("/");
        String service = parts.length > 2 ? parts[2] : "other";
        Counter.builder("notifications.iconik.api.calls").description("Calls of iconik's API, each attempt")
                .tags("method", call.method(), "service", service, "status", status).register(metrics).increment();
    }

    /** iconik's {@code RateLimit-Remaining}, when it says it, tells the budget to slow down as it runs low. */
    private void remaining(String remaining) {
        if (remaining != null) {
            try {
                budget.remaining(Long.parseLong(remaining.trim()));
            } catch (NumberFormatException ignored) {
                // Not a count: nothing to go by
            }
        }
    }

    private JsonNode parse(String text, IconikCall call) {
        if (text == null || text.isBlank()) {
            return objectMapper.createObjectNode();
        }
        try {
            return objectMapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IconikUnavailableException("iconik answered " + call + " with invalid JSON", e);
        }
    }

    private static IconikCall call(Exchange exchange) {
        return exchange.getProperty(IconikCall.PROPERTY, IconikCall.class);
    }
}
