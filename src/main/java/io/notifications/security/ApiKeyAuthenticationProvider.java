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

    static Authentication authenticated() {
        return UsernamePasswordAuthenticationToken.authenticated("api-key", null,
                List.of(new SimpleGrantedAuthority("ROLE_API")));
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        Object password = authentication.getCredentials();
        if (password == null || !keys.accepts(password.toString())) {
            throw new BadCredentialsException("the API key is not accepted");
        }
        return authenticated();
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
