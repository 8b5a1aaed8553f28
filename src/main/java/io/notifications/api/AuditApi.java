package io.notifications.api;

import io.notifications.audit.AuditEntry;
import io.notifications.audit.AuditTrail;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/** {@code GET /api/audit}, declared in {@code routes/rest-api.yaml}: mapping only. */
@Component("auditApi")
public class AuditApi {

    private final AuditTrail audit;

    public AuditApi(AuditTrail audit) {
        this.audit = audit;
    }

    public PageView<AuditEntry> list(@Header("since") String since, @Header("actor") String actor,
                                     @Header("page") String page, @Header("size") String size) {
        Map<String, String> errors = new HashMap<>();
        Instant from = null;
        if (since != null && !since.isEmpty()) {
            try {
                from = Instant.parse(since);
            } catch (DateTimeParseException e) {
                errors.put("since", "must be an ISO-8601 instant such as 2026-11-29T12:00:00Z");
            }
        }
        int pageNumber = ApiParameters.page(page, errors);
        int pageSize = ApiParameters.size(size, errors);
        ApiParameters.throwIfAny(errors);
        return PageView.of(audit.find(from, actor == null || actor.isEmpty() ? null : actor, pageNumber, pageSize),
                entry -> entry);
    }
}
