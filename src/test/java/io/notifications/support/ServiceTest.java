package io.notifications.support;

import io.notifications.NotificationsApplication;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole service on a random port: real HTTP API, real Camel routes, an embedded S3 server spoken to over
 * HTTP, and its own in-memory H2 database. Test processors are added beside the real ones.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@CamelSpringBootTest
// Only the packaged application.yaml plus application-test.yaml: the working directory's copy of
// application.yaml would otherwise outrank the test profile
@SpringBootTest(classes = NotificationsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.location=classpath:/")
@ActiveProfiles("test")
// Spring's tests turn metrics export off unless asked; the Prometheus endpoint is part of what is tested
@AutoConfigureObservability(tracing = false)
@Import({TestProcessors.class, S3RequestCounter.class, ListingFaults.class, Api.class, Store.class})
public @interface ServiceTest {
}
