package io.notifications.security;

import io.notifications.system.InvalidConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import javax.management.ObjectName;
import org.jolokia.server.core.restrictor.policy.PolicyRestrictor;
import org.jolokia.server.core.service.api.Restrictor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * The Jolokia access policy (jolokia-access.xml, or {@code management.endpoint.jolokia.config.policyLocation}).
 * Jolokia takes a restrictor bean before its own policy file; this one adds what the file cannot say: an operation
 * sent to an MBean name pattern ({@code type=DiagnosticCommand,*}) is refused, since the file's deny list is
 * matched against the name as sent and a pattern would slip past it.
 */
@Configuration(proxyBeanMethods = false)
class JolokiaAccessPolicy {

    @Bean
    Restrictor jolokiaRestrictor(ResourceLoader resources,
                                 @Value("${management.endpoint.jolokia.config.policyLocation:classpath:/jolokia-access.xml}")
                                 String location) throws IOException {
        Resource policy = resources.getResource(location);
        if (!policy.exists()) {
            // Jolokia would allow everything without a policy; a missing file must not open the JVM
            throw new InvalidConfigurationException("management.endpoint.jolokia.config.policyLocation",
                    "the Jolokia access policy " + location + " does not exist");
        }
        try (InputStream in = policy.getInputStream()) {
            return new PolicyRestrictor(in) {
                @Override
                public boolean isOperationAllowed(ObjectName name, String operation) {
                    return !name.isPattern() && super.isOperationAllowed(name, operation);
                }
            };
        }
    }
}
