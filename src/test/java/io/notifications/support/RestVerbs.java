package io.notifications.support;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;

/** Every operation of the REST API, read from the routes, so that tests over all of them miss none added later. */
public final class RestVerbs {

    /** {@code method} in upper case; {@code path} with its {@code {params}}; {@code bodyType} or null. */
    public record Verb(String method, String path, String bodyType) {

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
                verbs.add(new Verb(verb.asVerb().toUpperCase(),
                        rest.getPath() + (verb.getPath() == null ? "" : verb.getPath()), verb.getType()));
            }
        }
        return verbs;
    }
}
