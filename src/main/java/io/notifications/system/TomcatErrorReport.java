package io.notifications.system;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.Host;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;

/**
 * Errors Tomcat answers itself, before a request reaches the application (a URL it cannot decode, with an encoded
 * '/', '\' or NUL), are problem details too, in place of Tomcat's HTML error report.
 */
@Configuration(proxyBeanMethods = false)
class TomcatErrorReport {

    /**
     * Replaces the host's error report valves: Tomcat's default, and the one Spring Boot adds to hide the server's
     * version. It runs after Spring Boot's customizer (which has order 0), so that one's valve is there to remove.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReport(Problems problems) {
        return factory -> factory.addContextCustomizers(context -> {
            Host host = (Host) context.getParent();
            Pipeline pipeline = host.getPipeline();
            for (Valve valve : pipeline.getValves()) {
                if (valve instanceof ErrorReportValve) {
                    pipeline.removeValve(valve);
                }
            }
            pipeline.addValve(new ProblemReportValve(problems));
            if (host instanceof StandardHost standard) {
                // The host adds a valve of this class at start unless it finds one
                standard.setErrorReportValveClass(ProblemReportValve.class.getName());
            }
        });
    }

    static final class ProblemReportValve extends ErrorReportValve {

        private static final Logger log = LoggerFactory.getLogger(ProblemReportValve.class);

        private final Problems problems;

        ProblemReportValve(Problems problems) {
            this.problems = problems;
        }

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            AtomicBoolean ioAllowed = new AtomicBoolean(true);
            response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
            if (!ioAllowed.get()) {
                return;
            }
            String message = response.getMessage();
            String detail = status >= 500 ? "internal error; see the service log"
                    : "the request was refused before it reached the service"
                            + (message == null || message.isBlank() ? "" : ": " + message);
            String json = problems.json(problems.of(HttpStatusCode.valueOf(status), detail, request.getRequestURI()));
            try {
                response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                response.setCharacterEncoding(StandardCharsets.UTF_8.name());
                // The writer Tomcat keeps for error reports, usable whatever the application did with the answer
                Writer reporter = response.getReporter();
                if (reporter != null) {
                    reporter.write(json);
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                log.debug("Could not write the problem detail of a {} answer", status, e);
            }
        }
    }
}
