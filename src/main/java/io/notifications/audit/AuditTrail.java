package io.notifications.audit;

import io.notifications.system.BatchedDeletes;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who changed what through the API, and when: every call that is not a read, made with a key, is recorded once its
 * answer is complete, with the key's name, the operation, its target and the outcome. Calls a key's role does not
 * allow are recorded too, reads included. Request bodies are never recorded: they may hold secrets.
 */
@Component
public class AuditTrail {

    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    private static final AuthenticationTrustResolver TRUST = new AuthenticationTrustResolverImpl();

    private final AuditEntryRepository entries;
    private final AuditedActions actions;
    private final Clock clock;

    public AuditTrail(AuditEntryRepository entries, CamelContext camel, Clock clock) {
        this.entries = entries;
        this.actions = new AuditedActions(camel);
        this.clock = clock;
    }

    /**
     * The filter that records changes, for the security chain after authorization: it sees the caller, and only
     * calls the caller's role allows. Not a bean, so that the servlet container does not run it a second time.
     */
    public OncePerRequestFilter recorder() {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                Authentication caller = SecurityContextHolder.getContext().getAuthentication();
                if (READS.contains(request.getMethod()) || caller == null || TRUST.isAnonymous(caller)
                        || !request.getRequestURI().startsWith("/api/")) {
                    chain.doFilter(request, response);
                    return;
                }
                String actor = caller.getName();
                boolean recorded = false;
                try {
                    chain.doFilter(request, response);
                    if (request.isAsyncStarted()) {
                        // Camel answers asynchronously: the status is known once the answer is complete
                        request.getAsyncContext().addListener(new Completion(request, response, actor));
                    } else {
                        recorded = true;
                        record(request.getMethod(), request.getRequestURI(), response.getHeader("Location"), actor,
                                response.getStatus());
                    }
                } catch (IOException | ServletException | RuntimeException e) {
                    if (!recorded) {
                        record(request.getMethod(), request.getRequestURI(), null, actor, 500);
                    }
                    throw e;
                }
            }
        };
    }

    /** A call refused because of the key's role (403). */
    public void denied(HttpServletRequest request, Authentication caller) {
        record(request.getMethod(), request.getRequestURI(), null, caller == null ? "anonymous" : caller.getName(), 403);
    }

    /** Entries from {@code since} on, of one actor if given, newest first. */
    public Page<AuditEntry> find(Instant since, String actor, int page, int size) {
        Specification<AuditEntry> filter = (root, query, cb) -> cb.conjunction();
        if (since != null) {
            filter = filter.and((root, query, cb) -> cb.greaterThanOrEqualTo(root.get("at"), since));
        }
        if (actor != null) {
            filter = filter.and((root, query, cb) -> cb.equal(root.get("actor"), actor));
        }
        return entries.findAll(filter, PageRequest.of(page, size, Sort.by(Sort.Order.desc("at"), Sort.Order.desc("id"))));
    }

    /**
     * Deletes the entries older than {@code cutoff}, a batch per transaction, and calls {@code deleted} with each
     * batch's count as it commits.
     *
     * @return how many in all
     */
    public long deleteOlderThan(Instant cutoff, int batchSize, IntConsumer deleted) {
        return BatchedDeletes.untilShort(batchSize, size -> entries.deleteOlderThan(cutoff, size), deleted);
    }

    /** The target is what the call created ({@code Location}), or else the path it was made to. */
    private void record(String method, String path, String created, String actor, int status) {
        try {
            entries.save(new AuditEntry(clock.instant(), cap(actor, 200), cap(actions.name(method, path), 200),
                    cap(created != null ? created : path, 2048), method, cap(path, 2048), status,
                    AuditEntry.Outcome.of(status)));
        } catch (RuntimeException e) {
            // The call has been answered; a trail that cannot be written is an operator's alarm, not the caller's error
            log.error("Could not record {} {} by {} ({}) in the audit trail", method, path, actor, status, e);
        }
    }

    private static String cap(String text, int length) {
        return text == null || text.length() <= length ? text : text.substring(0, length);
    }

    /** Records the call once its asynchronous answer ends, however it ends. */
    private final class Completion implements AsyncListener {
        private final String method;
        private final String path;
        private final HttpServletResponse response;
        private final String actor;
        private final AtomicBoolean recorded = new AtomicBoolean();

        Completion(HttpServletRequest request, HttpServletResponse response, String actor) {
            // Read now: the request may be recycled by the time the answer completes
            this.method = request.getMethod();
            this.path = request.getRequestURI();
            this.response = response;
            this.actor = actor;
        }

        private void ended(int status) {
            if (recorded.compareAndSet(false, true)) {
                record(method, path, response.getHeader("Location"), actor, status);
            }
        }

        @Override
        public void onComplete(AsyncEvent event) {
            ended(response.getStatus());
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            ended(503);
        }

        @Override
        public void onError(AsyncEvent event) {
            ended(500);
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this);
        }
    }
}
