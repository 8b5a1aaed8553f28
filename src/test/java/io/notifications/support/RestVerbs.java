package io.notifications.support;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.RestParamType;
import org.apache.camel.model.rest.VerbDefinition;

/** Every operation of the REST API, read from the routes, so that tests over all of them miss none added later. */
public final class RestVerbs {

    /**
     * {@code method} in upper case; {@code path} with its {@code {params}}; {@code bodyType} or null, and whether a
     * body is required; {@code to}, the endpoint that handles it; {@code bindsJson}, whether the REST layer reads and
     * writes its JSON.
     */
    public record Verb(String method, String path, String bodyType, boolean bodyRequired, String to,
                       boolean bindsJson) {

        public String pathWith(String parameter) {
            return path.replaceAll("\\{[^}]+}", parameter);
        }
    }

    private RestVerbs() {
    }

    public static List<Verb> of(CamelContext camel) {
        List<Verb> verbs = new ArrayList<>();
        for (RestDefinition rest : ((ModelCamelContext) camel).getRestDefinitions()) {
            for (VerbDefinition verb : rest.getVerbs()) {
                boolean bodyRequired = verb.getParams().stream().anyMatch(param -> param.getType() == RestParamType.body
                        && !Boolean.FALSE.equals(param.getRequired()));
                verbs.add(new Verb(verb.asVerb().toUpperCase(),
                        rest.getPath() + (verb.getPath() == null ? "" : verb.getPath()), verb.getType(), bodyRequired,
                        verb.getTo().getUri(), !"off".equals(verb.getBindingMode())));
            }
        }
        return verbs;
    }
}
