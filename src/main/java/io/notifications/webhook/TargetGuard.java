package io.notifications.webhook;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.hc.client5.http.DnsResolver;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;

/**
 * Refuses webhook targets that would let a subscriber reach what it should not: link-local addresses (where cloud
 * metadata services live), the known metadata endpoints and, with {@code deny-private-networks}, loopback and
 * private networks. {@code allowed-targets} admits hosts or ranges all the same.
 * <p>
 * URLs are checked when a subscription is saved and before every attempt; the address each connection is made to
 * is checked by {@link GuardedDnsResolver}, so a name that resolves differently later (DNS rebinding) gains nothing.
 * All of them look names up through one {@link DnsResolver} bean.
 */
@Component
public class TargetGuard {

    private static final List<Range> REFUSED = List.of(
            new Range("169.254.0.0/16", "a link-local address, where cloud metadata services live"),
            new Range("fe80::/10", "a link-local address"),
            new Range("fd00:ec2::254/128", "a cloud metadata address"),
            new Range("100.100.100.200/32", "a cloud metadata address"),
            // Both connect to this host itself
            new Range("0.0.0.0/32", "the unspecified address, which reaches this host"),
            new Range("::/128", "the unspecified address, which reaches this host"));
    private static final List<Range> PRIVATE_NETWORKS = List.of(
            new Range("127.0.0.0/8", "a loopback address"),
            new Range("::1/128", "a loopback address"),
            new Range("10.0.0.0/8", "a private network address"),
            new Range("172.16.0.0/12", "a private network address"),
            new Range("192.168.0.0/16", "a private network address"),
            new Range("fc00::/7", "a unique-local (private) address"),
            new Range("0.0.0.0/8", "an address of this network"));
    private static final List<String> REFUSED_HOSTS = List.of("metadata.google.internal", "metadata");
    private static final String OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final Pattern IPV4_LITERAL = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
    private static final String ADMIT = "; admit it with notifications.webhooks.allowed-targets";

    private final DnsResolver resolver;
    private final List<Range> refused;
    private final List<String> allowedHosts;
    private final List<IpAddressMatcher> allowedRanges;

    public TargetGuard(WebhookProperties properties, DnsResolver webhookDnsResolver) {
        this.resolver = webhookDnsResolver;
        List<Range> refused = new ArrayList<>(REFUSED);
        if (properties.denyPrivateNetworks()) {
            refused.addAll(PRIVATE_NETWORKS);
        }
        this.refused = List.copyOf(refused);
        List<String> allowed = properties.allowedTargets().stream().map(String::trim)
                .filter(target -> !target.isEmpty()).toList();
        this.allowedHosts = allowed.stream().filter(t -> !isRange(t)).toList();
        this.allowedRanges = allowed.stream().filter(TargetGuard::isRange).map(TargetGuard::allowedRange).toList();
    }

    /** Why the URL is refused, or empty when it may be called. */
    public Optional<String> refusal(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            return Optional.of("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("must be an http or https URL");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            return Optional.of("must name a host");
        }
        try {
            // The host as the HTTP client passes it on when connecting: IPv6 literals in brackets
            admittedAddresses(host);
            return Optional.empty();
        } catch (RefusedAddressException e) {
            return Optional.of(e.reason());
        } catch (UnknownHostException e) {
            // Unresolvable now: delivery fails and is retried; nothing is reached
            return Optional.empty();
        }
    }

    /**
     * The addresses of {@code host}, looked up through the resolver bean, when all of them may be connected to; a
     * host named in {@code allowed-targets} is not checked.
     *
     * @throws RefusedAddressException when the host or one of its addresses is refused
     * @throws UnknownHostException     when the host does not resolve
     */
    InetAddress[] admittedAddresses(String host) throws UnknownHostException {
        String bareHost = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (allowedHosts.stream().anyMatch(bareHost::equalsIgnoreCase)) {
            return resolved(host);
        }
        if (REFUSED_HOSTS.contains(bareHost.toLowerCase(Locale.ROOT))) {
            throw new RefusedAddressException(bareHost, "targets a cloud metadata service");
        }
        InetAddress[] addresses = resolved(host);
        for (InetAddress address : addresses) {
            Optional<String> why = refusal(address);
            if (why.isPresent()) {
                String shown = address.getHostAddress();
                throw new RefusedAddressException(bareHost, (bareHost.equalsIgnoreCase(shown) ? "is " : "resolves to "
                        + shown + ", ") + why.get() + ADMIT);
            }
        }
        return addresses;
    }

    /** Why the address is refused, such as "a loopback address (127.0.0.0/8)", or empty when it is admitted. */
    Optional<String> refusal(InetAddress address) {
        List<String> forms = forms(address);
        if (allowedRanges.stream().anyMatch(range -> forms.stream().anyMatch(range::matches))) {
            return Optional.empty();
        }
        return refused.stream().filter(range -> forms.stream().anyMatch(range.matcher()::matches)).findFirst()
                .map(range -> range.why() + " (" + range.text() + ")");
    }

    private InetAddress[] resolved(String host) throws UnknownHostException {
        InetAddress[] addresses = resolver.resolve(host);
        if (addresses == null || addresses.length == 0) {
            // Never an unresolved address: the socket would look the name up again, unchecked
            throw new UnknownHostException(host);
        }
        return addresses;
    }

    /**
     * The address as text, and the IPv4 address inside it where an IPv6 address carries one that the network may
     * deliver to: IPv4-mapped (made IPv4 here), IPv4-compatible and NAT64 ({@code 64:ff9b::/96}) addresses.
     */
    private static List<String> forms(InetAddress address) {
        InetAddress plain;
        try {
            // From the bytes alone: no IPv6 scope (which IpAddressMatcher would look up as a name) and mapped
            // IPv4 addresses as IPv4
            plain = InetAddress.getByAddress(address.getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of neither 4 nor 16 bytes: " + address, e);
        }
        if (!(plain instanceof Inet6Address)) {
            return List.of(plain.getHostAddress());
        }
        byte[] bytes = plain.getAddress();
        boolean compatible = allZero(bytes, 0, 12);
        boolean nat64 = bytes[0] == 0 && bytes[1] == 0x64 && bytes[2] == (byte) 0xff && bytes[3] == (byte) 0x9b
                && allZero(bytes, 4, 12);
        if (!compatible && !nat64) {
            return List.of(plain.getHostAddress());
        }
        String ipv4 = (bytes[12] & 0xff) + "." + (bytes[13] & 0xff) + "." + (bytes[14] & 0xff) + "."
                + (bytes[15] & 0xff);
        return List.of(plain.getHostAddress(), ipv4);
    }

    private static boolean allZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Meant as an address or range rather than a host name (so a mistyped address fails the start instead of
     * becoming a host name). Decided here: IpAddressMatcher takes any three-character name for an IPv4 address.
     */
    private static boolean isRange(String target) {
        return target.contains("/") || target.contains(":") || target.matches("[0-9.]+");
    }

    private static IpAddressMatcher allowedRange(String target) {
        int close = target.indexOf(']');
        // [fd12::]/16 as well as fd12::/16
        String range = target.startsWith("[") && close > 0
                ? target.substring(1, close) + target.substring(close + 1) : target;
        String address = range.split("/", 2)[0];
        String problem = "notifications.webhooks.allowed-targets: '" + target
                + "' is neither a host name nor an address range such as 10.1.0.0/16 or fd12::/16";
        // Only literals reach IpAddressMatcher, which looks up whatever else it is given
        if (!address.contains(":") && !IPV4_LITERAL.matcher(address).matches()) {
            throw new IllegalArgumentException(problem);
        }
        try {
            return new IpAddressMatcher(range);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(problem, e);
        }
    }

    /** A refused range and why it is refused. */
    private record Range(String text, String why, IpAddressMatcher matcher) {
        Range(String text, String why) {
            this(text, why, new IpAddressMatcher(text));
        }
    }
}
