package io.notifications.system;

import jakarta.persistence.EntityManagerFactory;
import org.apache.camel.component.jpa.JpaComponent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * camel-jpa on Spring Boot's own EntityManagerFactory, set before the component starts: left to autowiring, it
 * starts without one, warns that each endpoint will make its own, and only later picks up Spring's.
 */
@Configuration(proxyBeanMethods = false)
class CamelJpaConfiguration {

    @Bean("jpa")
    JpaComponent jpaComponent(EntityManagerFactory entityManagerFactory) {
        JpaComponent jpa = new JpaComponent();
        jpa.setEntityManagerFactory(entityManagerFactory);
        return jpa;
    }
}
