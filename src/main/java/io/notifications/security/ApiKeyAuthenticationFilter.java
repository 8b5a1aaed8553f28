package io.notifications.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/** Authenticates a request that carries an accepted key in {@code X-API-Key}; refuses one that carries another. */
public class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    public static final String HEADER = "X-API-Key";

    private final ApiKeys keys;
    private final AuthenticationEntryPoint refusal;

    public ApiKeyAuthenticationFilter(ApiKeys keys, AuthenticationEntryPoint refusal) {
        this.keys = keys;
        this.refusal = refusal;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = request.getHeader(HEADER);
        if (presented != null) {
            Optional<ApiCaller> caller = keys.caller(presented);
            if (caller.isEmpty()) {
                SecurityContextHolder.clearContext();
                refusal.commence(request, response, new BadCredentialsException("the API key is not accepted"));
                return;
            }
            SecurityContextHolder.getContext().setAuthentication(ApiKeyAuthenticationProvider.authenticated(caller.get()));
        }
        chain.doFilter(request, response);
    }
}
