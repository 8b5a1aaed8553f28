package io.notifications.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * A name service whose answers a test sets: a host answers each given answer once, in turn, and the last one from
 * then on. Other names, IP literals among them, are looked up as usual. Every lookup is recorded.
 */
final class ScriptedDnsResolver implements DnsResolver {

    /** Puts the scripted resolver in place of the service's {@code webhookDnsResolver}. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Beans {
        @Bean
        @Primary
        ScriptedDnsResolver scriptedDnsResolver() {
            return new ScriptedDnsResolver();
        }
    }

    private final Map<String, Deque<InetAddress[]>> answers = new ConcurrentHashMap<>();
    private final List<String> lookups = new CopyOnWriteArrayList<>();

    /** Each answer is one or more IP literals, comma-separated: {@code "93.184.216.34"}, {@code "::1,127.0.0.1"}. */
    void script(String host, String... answers) {
        Deque<InetAddress[]> queue = new ArrayDeque<>();
        for (String answer : answers) {
            queue.add(Arrays.stream(answer.split(",")).map(ScriptedDnsResolver::literal).toArray(InetAddress[]::new));
        }
        this.answers.put(host, queue);
    }

    /** How often {@code host} has been looked up. */
    long lookups(String host) {
        return lookups.stream().filter(host::equals).count();
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        lookups.add(host);
        Deque<InetAddress[]> queue = answers.get(host);
        if (queue == null) {
            return SystemDefaultDnsResolver.INSTANCE.resolve(host);
        }
        synchronized (queue) {
            return queue.size() > 1 ? queue.poll() : queue.peek();
        }
    }

    @Override
    public String resolveCanonicalHostname(String host) {
        return host;
    }

    private static InetAddress literal(String address) {
        try {
            // A literal is parsed, never looked up
            return InetAddress.getByName(address.trim());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(address, e);
        }
    }
}
