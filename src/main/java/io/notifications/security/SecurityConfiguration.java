package io.notifications.security;

import io.notifications.audit.AuditTrail;
import io.notifications.system.DemoMode;
import io.notifications.system.Problems;
import jakarta.servlet.DispatcherType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Closed by default: every path needs an API key ({@code X-API-Key}, or basic auth with the key as password),
 * except health and its probes, and iconik's intake, which checks its own shared secret. What a key may do follows
 * its role: {@code READ} reads, {@code OPERATE} also changes, {@code ADMIN} also reaches the consoles, the audit
 * trail and the configuration. Hawtio and Jolokia are open only in the demo profile, which listens on 127.0.0.1.
 * Answers are kept in no cache, and a change a browser sends from another site is refused
 * ({@link CrossSiteRequestCheck}).
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    /** Paths for {@code ADMIN} keys only: JMX control of the routes, the configuration, and who changed what. */
    static final String[] ADMIN_PATHS = {"/actuator/hawtio/**", "/actuator/jolokia/**", "/actuator/env/**",
            "/actuator/configprops/**", "/api/audit/**"};

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, ApiKeys keys, Problems problems, DemoMode demo,
                                            AuditTrail audit) throws Exception {
        AuthenticationEntryPoint refusal = refusal(problems);
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .headers(headers -> headers.addHeaderWriter(privateFaceCrops()))
                .httpBasic(basic -> basic.authenticationEntryPoint(refusal))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(refusal)
                        .accessDeniedHandler(forbidden(problems, audit)))
                .addFilterBefore(new CrossSiteRequestCheck(problems), BasicAuthenticationFilter.class)
                .addFilterBefore(new ApiKeyAuthenticationFilter(keys, refusal), BasicAuthenticationFilter.class)
                .addFilterAfter(audit.recorder(), AuthorizationFilter.class)
                .authorizeHttpRequests(requests -> {
                    // Camel's platform-http answers through an async dispatch of a request already let through;
                    // the stateless chain would find no authentication there and cut the answer off
                    requests.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll();
                    requests.requestMatchers("/actuator/health", "/actuator/health/**", "/error").permitAll();
                    // These prove themselves otherwise: iconik's secret, a bucket's event secret or signature
                    requests.requestMatchers(HttpMethod.POST, "/api/iconik/events", "/api/iconik/actions",
                            "/api/buckets/*/events").permitAll();
                    if (demo.active()) {
                        requests.requestMatchers("/actuator/hawtio/**", "/actuator/jolokia/**").permitAll();
                    }
                    requests.requestMatchers(ADMIN_PATHS).hasRole(Role.ADMIN.name());
                    requests.requestMatchers(HttpMethod.GET).hasRole(Role.READ.name());
                    requests.requestMatchers(HttpMethod.HEAD).hasRole(Role.READ.name());
                    requests.anyRequest().hasRole(Role.OPERATE.name());
                });
        return http.build();
    }

    /** Each role may do what the ones below it may. */
    @Bean
    static RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.withDefaultRolePrefix()
                .role(Role.ADMIN.name()).implies(Role.OPERATE.name())
                .role(Role.OPERATE.name()).implies(Role.READ.name())
                .build();
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

    /**
     * A URL that Spring Security's firewall refuses (an encoded '.', '/' or ';', a double slash, ...) is answered as a
     * problem that says why, not only with its status.
     */
    @Bean
    RequestRejectedHandler rejectedUrl(Problems problems) {
        return (request, response, rejected) -> problems.write(problems.of(HttpStatus.BAD_REQUEST,
                rejected.getMessage(), request.getRequestURI()), response);
    }

    /** 401 with the challenge browsers and Prometheus know. */
    private static AuthenticationEntryPoint refusal(Problems problems) {
        return (request, response, failure) -> {
            String detail = request.getHeader(ApiKeyAuthenticationFilter.HEADER) != null
                    || request.getHeader("Authorization") != null
                    ? "the API key is not accepted"
                    : "an API key is required: the X-API-Key header, or HTTP basic auth with the key as password";
            response.setHeader("WWW-Authenticate", "Basic realm=\"notifications-api\"");
            problems.write(problems.of(HttpStatus.UNAUTHORIZED, detail, request.getRequestURI()), response);
        };
    }

    /** 403 naming the key and its role; the refusal is kept in the audit trail. */
    private static AccessDeniedHandler forbidden(Problems problems, AuditTrail audit) {
        return (request, response, denied) -> {
            Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
            String detail = authentication != null && authentication.getPrincipal() instanceof ApiCaller caller
                    ? "the key '" + caller.name() + "' has the role " + caller.role() + ", which may not "
                            + request.getMethod() + " " + request.getRequestURI()
                    : "this call is not allowed";
            audit.denied(request, authentication);
            problems.write(problems.of(HttpStatus.FORBIDDEN, detail, request.getRequestURI()), response);
        };
    }
}
