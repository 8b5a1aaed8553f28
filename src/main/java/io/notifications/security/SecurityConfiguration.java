package io.notifications.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.DispatcherType;
import java.util.LinkedHashMap;
import java.util.Map;
import io.notifications.system.DemoMode;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Closed by default: every path needs an API key ({@code X-API-Key}, or basic auth with the key as password),
 * except health and its probes, and iconik's intake, which checks its own shared secret. Hawtio and Jolokia
 * are open only in the demo profile, which listens on 127.0.0.1. Answers are kept in no cache.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, ApiKeys keys, ObjectMapper objectMapper,
                                            DemoMode demo)
            throws Exception {
        AuthenticationEntryPoint refusal = refusal(objectMapper);
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .headers(headers -> headers.addHeaderWriter(privateFaceCrops()))
                .httpBasic(basic -> basic.authenticationEntryPoint(refusal))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(refusal))
                .addFilterBefore(new ApiKeyAuthenticationFilter(keys, refusal), BasicAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> {
                    // Camel's platform-http answers through an async dispatch of a request already let through;
                    // the stateless chain would find no authentication there and cut the answer off
                    requests.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll();
                    requests.requestMatchers("/actuator/health", "/actuator/health/**", "/error").permitAll();
                    requests.requestMatchers(HttpMethod.POST, "/api/iconik/events", "/api/iconik/actions")
                            .permitAll();
                    if (demo.active()) {
                        requests.requestMatchers("/actuator/hawtio/**", "/actuator/jolokia/**").permitAll();
                    }
                    requests.anyRequest().authenticated();
                });
        return http.build();
    }

    /**
     * Face crops are personal data: {@code private, no-store} in place of the default {@code no-cache, no-store,
     * ...}, so that no shared cache nor the browser keeps one, whatever the crop's content-addressed name suggests.
     * Set here, as Camel's HTTP binding filters out a route's own {@code Cache-Control}; written after the
     * defaults, so it replaces theirs.
     */
    private static HeaderWriter privateFaceCrops() {
        return new DelegatingRequestMatcherHeaderWriter(
                PathPatternRequestMatcher.withDefaults().matcher("/api/faces/crops/**"),
                (request, response) -> response.setHeader("Cache-Control", "private, no-store"));
    }

    /** 401 as the API's other errors are answered: a JSON body, and the challenge browsers and Prometheus know. */
    private static AuthenticationEntryPoint refusal(ObjectMapper objectMapper) {
        return (request, response, failure) -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", 401);
            body.put("error", "Unauthorized");
            body.put("message", request.getHeader(ApiKeyAuthenticationFilter.HEADER) != null
                    || request.getHeader("Authorization") != null
                    ? "the API key is not accepted"
                    : "an API key is required: the X-API-Key header, or HTTP basic auth with the key as password");
            response.setStatus(401);
            response.setHeader("WWW-Authenticate", "Basic realm=\"notifications-api\"");
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            objectMapper.writeValue(response.getOutputStream(), body);
        };
    }
}
