package io.notifications.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The JSON of the REST API's bodies (restConfiguration in {@code routes/rest-api.yaml}): Spring's ObjectMapper, except
 * that a field the API does not know is refused with a 400 naming it, not ignored. Only here: the iconik client and
 * others read JSON from outside, which may grow fields.
 */
@Configuration(proxyBeanMethods = false)
class RestJson {

    /** Not a default candidate, so Spring Boot's own ObjectMapper stays, and is the one injected by type. */
    @Bean(defaultCandidate = false)
    ObjectMapper restObjectMapper(ObjectMapper objectMapper) {
        return objectMapper.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
