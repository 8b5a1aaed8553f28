package io.notifications.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Refuses webhook targets that would let a subscriber reach what it should not: link-local addresses (where cloud
 * metadata services live) and the known metadata endpoints. Internal targets can be admitted by configuration.
 * Checked when a subscription is saved and again before every request, including redirects.
 */
@Component
public class TargetGuard {

    private static final List<Cidr> REFUSED = List.of(
            Cidr.parse("169.254.0.0/16"),
            Cidr.parse("fe80::/10"),
            Cidr.parse("fd00:ec2::254/128"),
            Cidr.parse("100.100.100.200/32"),
            Cidr.parse("0.0.0.0/32"));
    private static final List<String> REFUSED_HOSTS = List.of("metadata.google.internal", "metadata");

    private final List<String> allowedHosts;
    private final List<Cidr> allowedRanges;

    public TargetGuard(WebhookProperties properties) {
        this.allowedHosts = properties.allowedTargets().stream().filter(t -> !Cidr.looksLikeRange(t)).toList();
        this.allowedRanges = properties.allowedTargets().stream().filter(Cidr::looksLikeRange).map(Cidr::parse).toList();
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
        String bareHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (allowedHosts.stream().anyMatch(bareHost::equalsIgnoreCase)) {
            return Optional.empty();
        }
        if (REFUSED_HOSTS.contains(bareHost.toLowerCase(Locale.ROOT))) {
            return Optional.of("targets a cloud metadata service");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(bareHost);
        } catch (UnknownHostException e) {
            // Unresolvable now: delivery fails and is retried; nothing is reached
            return Optional.empty();
        }
        for (InetAddress address : addresses) {
            boolean admitted = allowedRanges.stream().anyMatch(range -> range.contains(address));
            if (!admitted && REFUSED.stream().anyMatch(range -> range.contains(address))) {
                return Optional.of("resolves to " + address.getHostAddress() + ", a link-local or cloud metadata "
                        + "address; admit it with notifications.webhooks.allowed-targets");
            }
        }
        return Optional.empty();
    }
}
