package io.notifications.webhook;

import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The connection pool behind camel-http's webhook requests ({@code camel.component.http.client-connection-manager}). */
@Configuration(proxyBeanMethods = false)
class WebhookHttpConfiguration {

    /** How webhook target names are looked up, by the URL checks and by the connections; tests replace it. */
    @Bean
    DnsResolver webhookDnsResolver() {
        return SystemDefaultDnsResolver.INSTANCE;
    }

    /**
     * Connections only to addresses the guard admits: checked as each connection is made, so a name that
     * resolves differently after the URL was checked (DNS rebinding) reaches nothing refused.
     */
    @Bean(destroyMethod = "close")
    PoolingHttpClientConnectionManager webhookConnections(WebhookProperties properties, TargetGuard guard,
                                                          DnsResolver webhookDnsResolver) {
        return PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(new GuardedDnsResolver(guard, webhookDnsResolver))
                .setMaxConnTotal(Math.max(200, properties.concurrency() * 2))
                .setMaxConnPerRoute(Math.max(20, properties.perSubscription() * 2))
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(properties.connectTimeout().toMillis(), TimeUnit.MILLISECONDS))
                        .setSocketTimeout(Timeout.of(properties.responseTimeout().toMillis(), TimeUnit.MILLISECONDS))
                        // A receiver may close a kept-alive connection at any time; check one that sat idle
                        // before reusing it, rather than losing an attempt to "no response"
                        .setValidateAfterInactivity(TimeValue.ofMilliseconds(500))
                        .build())
                .build();
    }
}
