package io.notifications.api;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The pages served from {@code static/}, at their short addresses. */
@Configuration(proxyBeanMethods = false)
public class StaticPages implements WebMvcConfigurer {

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/api-docs", "/api-docs/");
        registry.addViewController("/api-docs/").setViewName("forward:/api-docs/index.html");
        registry.addRedirectViewController("/status", "/status/");
        registry.addViewController("/status/").setViewName("forward:/status/index.html");
    }
}
