package io.notifications.webhook;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import org.apache.hc.client5.http.DnsResolver;

/**
 * The webhook client's name lookups: only addresses {@link TargetGuard} admits come back, so the address a
 * connection is made to is the one checked, whatever the name resolved to when the URL was checked.
 * <p>
 * HttpClient's {@code DefaultHttpClientConnectionOperator} (5.5) resolves every host through its DnsResolver,
 * IP literals too: camel-http builds the target with {@code HttpHost.create(URI)}, which never carries an
 * address of its own. A refusal is an {@link UnknownHostException}, thrown before any socket exists.
 */
final class GuardedDnsResolver implements DnsResolver {

    private final TargetGuard guard;
    private final DnsResolver resolver;

    /** {@code resolver} is the one the guard looks names up with, used here only for canonical names. */
    GuardedDnsResolver(TargetGuard guard, DnsResolver resolver) {
        this.guard = guard;
        this.resolver = resolver;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        return guard.admittedAddresses(host);
    }

    /** What the connection operator calls: the admitted addresses, never an unresolved one. */
    @Override
    public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
        return Arrays.stream(resolve(host)).map(address -> new InetSocketAddress(address, port)).toList();
    }

    /** Only for naming a Kerberos service (SPNEGO); nothing connects to the answer, so it is not checked. */
    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return resolver.resolveCanonicalHostname(host);
    }
}
