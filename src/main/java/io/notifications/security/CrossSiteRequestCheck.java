package io.notifications.security;

import io.notifications.system.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses changes that a browser sends on behalf of another site: a browser that once logged in to Hawtio keeps
 * sending the key as basic auth, so a page elsewhere could post a form here (cross-site request forgery). Browsers
 * say where a request comes from ({@code Sec-Fetch-Site}, {@code Origin}); a request saying another site is
 * refused with 403 unless it only reads. Clients that are not browsers send neither header and are not affected.
 */
class CrossSiteRequestCheck extends OncePerRequestFilter {

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    private final Problems problems;

    CrossSiteRequestCheck(Problems problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (READS.contains(request.getMethod()) || !crossSite(request)) {
            chain.doFilter(request, response);
            return;
        }
        problems.write(problems.of(HttpStatus.FORBIDDEN, "a browser sent this change from another site; changes are "
                + "accepted only from this service's own pages or from clients that are not browsers",
                request.getRequestURI()), response);
    }

    /** What the browser says: another site ({@code Sec-Fetch-Site}), or an {@code Origin} that is not this host. */
    static boolean crossSite(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null) {
            return site.equalsIgnoreCase("cross-site");
        }
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return false;
        }
        try {
            URI from = URI.create(origin.strip());
            String host = request.getHeader("Host");
            String originHost = from.getHost() == null ? null
                    : from.getPort() < 0 ? from.getHost() : from.getHost() + ":" + from.getPort();
            // "null" (a sandboxed page, a file) or another host: not this service's own page
            return originHost == null || host == null || !sameHost(originHost, host, from.getScheme());
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    private static boolean sameHost(String originHost, String host, String scheme) {
        String defaultPort = "https".equalsIgnoreCase(scheme) ? ":443" : ":80";
        String a = originHost.toLowerCase(Locale.ROOT);
        String b = host.toLowerCase(Locale.ROOT);
        return a.equals(b) || (a + defaultPort).equals(b) || a.equals(b + defaultPort);
    }
}
