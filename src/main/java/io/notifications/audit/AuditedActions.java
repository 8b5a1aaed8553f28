package io.notifications.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.camel.CamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Names a call by the REST operation it reaches, read from the routes ({@code create-bucket},
 * {@code rotate-webhook-secret}), so that an operation added to rest-api.yaml is named in the trail without a
 * second list here. A call that reaches no operation is named by its method and path.
 */
class AuditedActions {

    private record Operation(String method, PathPattern path, String name) {
    }

    private final CamelContext camel;
    private volatile List<Operation> operations;

    AuditedActions(CamelContext camel) {
        this.camel = camel;
    }

    String name(String method, String path) {
        PathContainer container = PathContainer.parsePath(path);
        for (Operation operation : operations()) {
            if (operation.method().equals(method) && operation.path().matches(container)) {
                return operation.name();
            }
        }
        return method + " " + path;
    }

    private List<Operation> operations() {
        if (operations == null) {
            List<Operation> read = new ArrayList<>();
            for (RestDefinition rest : ((ModelCamelContext) camel).getRestDefinitions()) {
                for (VerbDefinition verb : rest.getVerbs()) {
                    String path = rest.getPath() + (verb.getPath() == null ? "" : verb.getPath());
                    read.add(new Operation(verb.asVerb().toUpperCase(Locale.ROOT),
                            PathPatternParser.defaultInstance.parse(path),
                            verb.getId() != null ? verb.getId() : verb.getRouteId()));
                }
            }
            operations = List.copyOf(read);
        }
        return operations;
    }
}
