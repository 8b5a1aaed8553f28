package io.notifications.security;

import java.util.List;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

/** HTTP basic auth with an API key as the password, whatever the user name: for browsers and Prometheus. */
@Component
public class ApiKeyAuthenticationProvider implements AuthenticationProvider {

    private final ApiKeys keys;

    public ApiKeyAuthenticationProvider(ApiKeys keys) {
        this.keys = keys;
    }

    /** The caller as the principal, its role as the one authority (see {@link AccessRules}). */
    static Authentication authenticated(ApiCaller caller) {
        return UsernamePasswordAuthenticationToken.authenticated(caller, null,
                List.of(new SimpleGrantedAuthority("ROLE_" + caller.role())));
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        Object password = authentication.getCredentials();
        return keys.caller(password == null ? null : password.toString()).map(ApiKeyAuthenticationProvider::authenticated)
                .orElseThrow(() -> new BadCredentialsException("the API key is not accepted"));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
