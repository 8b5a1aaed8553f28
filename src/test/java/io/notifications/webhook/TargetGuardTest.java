package io.notifications.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The guard's rules, without the service: which addresses and names a webhook may and may not reach. */
class TargetGuardTest {

    private static final String PUBLIC = "93.184.216.34";

    private final ScriptedDnsResolver dns = new ScriptedDnsResolver();

    @Test
    void linkLocalAndCloudMetadataTargetsAreRefused() {
        TargetGuard guard = guard(Map.of());
        dns.script("meta.example.test", PUBLIC + ",169.254.169.254");
        for (String url : List.of("http://169.254.169.254/latest/meta-data/", "http://169.254.0.1:8080/",
                "http://[fe80::1]/", "http://[fd00:ec2::254]/", "http://100.100.100.200/", "http://0.0.0.0:8080/",
                "http://[::]/", "http://metadata.google.internal/computeMetadata/v1/", "https://METADATA/",
                "http://meta.example.test/hook")) {
            assertThat(guard.refusal(url)).as(url).isPresent();
        }
        assertThat(guard.refusal("http://meta.example.test/hook")).hasValue("resolves to 169.254.169.254, a "
                + "link-local address, where cloud metadata services live (169.254.0.0/16); admit it with "
                + "notifications.webhooks.allowed-targets");
        assertThat(guard.refusal("http://169.254.169.254/")).get().asString()
                .startsWith("is a link-local address");
        assertThat(guard.refusal("ftp://example.com/x")).hasValue("must be an http or https URL");
    }

    @Test
    void anIpv4AddressInsideAnIpv6OneIsJudgedAsTheIpv4Address() throws Exception {
        TargetGuard guard = guard(Map.of());
        // IPv4-mapped, in both notations; IPv4-compatible; NAT64; the single-number IPv4 form
        for (String url : List.of("http://[::ffff:169.254.169.254]/", "http://[::ffff:a9fe:a9fe]/",
                "http://[::169.254.169.254]/", "http://[64:ff9b::a9fe:a9fe]/", "http://2852039166/")) {
            assertThat(guard.refusal(url)).as(url).get().asString().contains("169.254.0.0/16");
        }
        // A resolver may hand back a mapped address as an IPv6 one, which IpAddressMatcher never matches to IPv4
        byte[] mappedBytes = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 169, (byte) 254,
                (byte) 169, (byte) 254};
        InetAddress mapped = Inet6Address.getByAddress(null, mappedBytes, 0);
        assertThat(mapped).isInstanceOf(Inet6Address.class);
        TargetGuard mappedGuard = new TargetGuard(properties(Map.of()), answering(mapped));
        assertThat(mappedGuard.refusal("http://mapped.example.test/")).get().asString().contains("169.254.0.0/16");
        assertThat(guard.refusal("http://[::ffff:" + PUBLIC + "]/")).isEmpty();
    }

    @Test
    void privateNetworksAreRefusedOnlyWithDenyPrivateNetworks() {
        TargetGuard lenient = guard(Map.of());
        TargetGuard strict = guard(Map.of("deny-private-networks", "true"));
        dns.script("intranet.example.test", "10.20.30.40");
        for (String url : List.of("http://127.0.0.1:8080/", "http://127.8.9.10/", "http://localhost/", "http://[::1]/",
                "http://10.1.2.3/", "http://172.16.0.1/", "http://172.31.255.255/", "http://192.168.1.1/",
                "http://[fd12:3456::1]/", "http://[fc00::1]/", "http://0.1.2.3/", "http://[::ffff:10.0.0.1]/",
                "http://[64:ff9b::c0a8:101]/", "http://intranet.example.test/hook")) {
            assertThat(lenient.refusal(url)).as(url).isEmpty();
            assertThat(strict.refusal(url)).as(url).isPresent();
        }
        assertThat(strict.refusal("http://intranet.example.test/hook"))
                .hasValue("resolves to 10.20.30.40, a private network address (10.0.0.0/8); admit it with "
                        + "notifications.webhooks.allowed-targets");
        for (String url : List.of("http://" + PUBLIC + "/", "http://172.32.0.1/", "http://11.0.0.1/",
                "https://[2606:2800:220:1:248:1893:25c8:1946]/", "http://192.169.0.1/")) {
            assertThat(strict.refusal(url)).as(url).isEmpty();
        }
    }

    @Test
    void allowedTargetsAdmitHostsAndRanges() {
        TargetGuard guard = guard(Map.of("deny-private-networks", "true",
                "allowed-targets", "10.1.0.0/16, [fd12::]/16, 169.254.170.2, Intranet.Example.Test"));
        dns.script("intranet.example.test", "192.168.0.5");
        dns.script("other.example.test", "192.168.0.5");
        for (String url : List.of("http://10.1.2.3/", "http://[fd12::7]/", "http://169.254.170.2/v2/metadata",
                "http://intranet.example.test/hook")) {
            assertThat(guard.refusal(url)).as(url).isEmpty();
        }
        for (String url : List.of("http://10.2.0.1/", "http://[fd13::7]/", "http://169.254.169.254/",
                "http://other.example.test/hook", "http://127.0.0.1/")) {
            assertThat(guard.refusal(url)).as(url).isPresent();
        }
    }

    @Test
    void anAllowedTargetThatIsNeitherAHostNorARangeStopsTheStart() {
        for (String bad : List.of("abc/8", "localhost:8080", "10.0.0.0/33", "300.1.2.3")) {
            assertThatThrownBy(() -> guard(Map.of("allowed-targets", bad))).as(bad)
                    .hasStackTraceContaining("notifications.webhooks.allowed-targets: '" + bad + "'");
        }
    }

    @Test
    void theConnectionsResolverRefusesWhatTheGuardRefusesIpLiteralsIncluded() throws Exception {
        TargetGuard guard = guard(Map.of());
        GuardedDnsResolver connections = new GuardedDnsResolver(guard, dns);
        dns.script("rebind.example.test", PUBLIC, "169.254.169.254");

        assertThat(guard.refusal("http://rebind.example.test/hook")).isEmpty();
        assertThatThrownBy(() -> connections.resolve("rebind.example.test", 443))
                .isInstanceOf(RefusedAddressException.class)
                .hasMessage("rebind.example.test resolves to 169.254.169.254, a link-local address, where cloud "
                        + "metadata services live (169.254.0.0/16); admit it with "
                        + "notifications.webhooks.allowed-targets");
        // HttpClient hands IP literals to the resolver as well, IPv6 ones in brackets
        assertThatThrownBy(() -> connections.resolve("169.254.169.254", 80))
                .isInstanceOf(RefusedAddressException.class).hasMessageStartingWith("169.254.169.254 is a link-local");
        assertThatThrownBy(() -> connections.resolve("[fe80::1]", 80)).isInstanceOf(RefusedAddressException.class)
                .hasMessageContaining("fe80::/10");
        assertThatThrownBy(() -> connections.resolve("metadata.google.internal"))
                .isInstanceOf(RefusedAddressException.class).hasMessageContaining("cloud metadata service");

        dns.script("receiver.example.test", PUBLIC);
        assertThat(connections.resolve("receiver.example.test", 8443))
                .containsExactly(new InetSocketAddress(InetAddress.getByName(PUBLIC), 8443));
        assertThat(connections.resolve("[::1]", 80)).extracting(InetSocketAddress::getPort).containsExactly(80);
    }

    private TargetGuard guard(Map<String, String> settings) {
        return new TargetGuard(properties(settings), dns);
    }

    /** Bound as Spring binds {@code notifications.webhooks.*}, defaults included. */
    private static WebhookProperties properties(Map<String, String> settings) {
        Map<String, String> prefixed = new HashMap<>();
        settings.forEach((key, value) -> prefixed.put("notifications.webhooks." + key, value));
        return new Binder(new MapConfigurationPropertySource(prefixed))
                .bindOrCreate("notifications.webhooks", WebhookProperties.class);
    }

    private static DnsResolver answering(InetAddress address) {
        return new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) {
                return new InetAddress[] {address};
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
    }
}
