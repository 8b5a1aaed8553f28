package io.notifications.audit;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One change made, or refused, through the API: who (the key's name), what, when, and how it ended. */
@Entity
@Table(name = "audit")
public class AuditEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private Instant at;
    private String actor;
    private String action;
    private String target;
    private String method;
    private String path;
    private Integer status;
    private String outcome;

    protected AuditEntry() {
    }

    AuditEntry(Instant at, String actor, String action, String target, String method, String path, int status,
               Outcome outcome) {
        this.at = at;
        this.actor = actor;
        this.action = action;
        this.target = target;
        this.method = method;
        this.path = path;
        this.status = status;
        this.outcome = outcome.name();
    }

    public Long getId() { return id; }
    public Instant getAt() { return at; }
    public String getActor() { return actor; }
    public String getAction() { return action; }
    public String getTarget() { return target; }
    public String getMethod() { return method; }
    public String getPath() { return path; }
    public Integer getStatus() { return status; }
    public String getOutcome() { return outcome; }

    /** How a call ended, from its HTTP status. */
    public enum Outcome {
        /** Done: 2xx or 3xx. */
        SUCCEEDED,
        /** The key's role may not make the call: 403. */
        DENIED,
        /** The call was refused as it was sent (bad input, not found, conflict): another 4xx. */
        REJECTED,
        /** The service failed: 5xx. */
        FAILED;

        static Outcome of(int status) {
            if (status == 403) {
                return DENIED;
            }
            if (status >= 500) {
                return FAILED;
            }
            return status >= 400 ? REJECTED : SUCCEEDED;
        }
    }
}
