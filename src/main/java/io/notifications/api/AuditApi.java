package io.notifications.api;

import io.notifications.audit.AuditEntry;
import io.notifications.audit.AuditTrail;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/** {@code GET /api/audit}, declared in {@code routes/rest-api.yaml}: mapping only. */
@Component("auditApi")
public class AuditApi {

    private final AuditTrail audit;
    private final ApiParameters parameters;

    public AuditApi(AuditTrail audit, ApiParameters parameters) {
        this.audit = audit;
        this.parameters = parameters;
    }

    /** {@code ?since=}: entries from then on, or all. */
    record AuditSince(@IsoInstant String since) {
    }

    public PageView<AuditEntry> list(@Header("since") String since, @Header("actor") String actor,
                                     @Header("page") String page, @Header("size") String size) {
        ApiParameters.Paging paging = new ApiParameters.Paging(page, size);
        parameters.check(new AuditSince(since), paging);
        return PageView.of(audit.find(IsoInstant.Validator.parse(since),
                actor == null || actor.isEmpty() ? null : actor, paging.pageNumber(), paging.pageSize()),
                entry -> entry);
    }
}
