package io.notifications.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.notifications.support.Api;
import io.notifications.support.ServiceTest;
import io.notifications.support.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/**
 * The status page, rendered by headless Chromium (Debian's {@code chromium}; .ci/run installs it), shows the real
 * counts, failures, finished items with their steps and webhook subscriptions that the API holds.
 */
@ServiceTest
class StatusPageTest {

    private static final Path CHROMIUM = Path.of(System.getProperty("chromium", "/usr/bin/chromium"));

    @Autowired
    Api api;
    @Autowired
    Store store;
    @Autowired
    Environment environment;

    @Test
    void thePageRendersTheRealCountsFailuresAndWebhooks() throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            // Surefire does not print why a test was skipped: one line says it
            System.err.println("SKIPPED StatusPageTest: no headless Chromium at " + CHROMIUM
                    + " (apt-get install chromium, or -Dchromium=<path>)");
            Assumptions.abort("no headless Chromium at " + CHROMIUM);
        }
        store.createBucket("status-ok");
        store.put("status-ok", "a.txt", "a");
        store.put("status-ok", "b.txt", "b");
        store.put("status-ok", "c.txt", "c");
        long ok = api.createBucket(store.bucketSettings("DATACORE", "status-ok", "media-info")).get("id").asLong();
        store.createBucket("status-bad");
        store.put("status-bad", "doomed.txt", "x");
        long bad = api.createBucket(store.bucketSettings("OBJECT_MATRIX", "status-bad", "always-fails"))
                .get("id").asLong();
        store.createBucket("status-steps");
        store.put("status-steps", "steps.txt", "steps");
        Map<String, Object> pipeline = store.bucketSettings("S3", "status-steps", null);
        pipeline.remove("processor");
        pipeline.put("pipeline", List.of(Map.of("processor", "media-info"),
                Map.of("processor", "counting", "when", "contentType == 'video/mp4'"),
                Map.of("processor", "always-fails", "config", Map.of("message", "third step broke"))));
        long steps = api.createBucket(pipeline).get("id").asLong();
        long webhook = api.post("/api/webhooks", Map.of("url", "http://127.0.0.1:9/status-page",
                "eventTypes", List.of("item.done"))).json().get("id").asLong();
        await().atMost(Duration.ofSeconds(60)).until(() ->
                api.items("bucket=" + ok + "&status=DONE").get("total").asInt() == 3
                        && api.items("bucket=" + bad + "&status=FAILED").get("total").asInt() == 1
                        && api.items("bucket=" + steps + "&status=FAILED").get("total").asInt() == 1);

        String page = render("/status/");

        assertThat(page).contains("data-loaded=\"true\"");
        String okRow = row(page, "data-source=\"bucket-" + ok + "\"");
        assertThat(okRow).contains("status-ok").contains("data-status=\"DONE\">3<")
                .contains("data-status=\"FAILED\">0<").contains("data-done-last-hour=\"3\"");
        assertThat(okRow).contains("<rect");
        String badRow = row(page, "data-source=\"bucket-" + bad + "\"");
        assertThat(badRow).contains("data-status=\"FAILED\">1<");
        String failure = row(page, "data-item=\"" + api.item(bad, "doomed.txt").get("id").asText() + "\"");
        assertThat(failure).contains("doomed.txt").contains(api.item(bad, "doomed.txt").get("lastError").asText()
                .replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .substring(0, 20));
        // Each step's outcome, in the failures and among the items done
        String stepsRow = row(page, "data-item=\"" + api.item(steps, "steps.txt").get("id").asText() + "\"");
        assertThat(stepsRow).contains("data-step=\"media-info\" data-outcome=\"DONE\"")
                .contains("data-step=\"counting\" data-outcome=\"SKIPPED\"")
                .contains("data-step=\"always-fails\" data-outcome=\"FAILED\"").contains("third step broke");
        String doneRow = row(page, "data-item=\"" + api.item(ok, "a.txt").get("id").asText() + "\"");
        assertThat(doneRow).contains("data-step=\"media-info\" data-outcome=\"DONE\"").contains(" ms");
        String subscription = row(page, "data-webhook=\"" + webhook + "\"");
        assertThat(subscription).contains("http://127.0.0.1:9/status-page");
    }

    /** The page's DOM after its scripts ran, as Chromium dumps it. */
    private String render(String path) throws Exception {
        String url = "http://status:" + Api.TEST_KEY + "@127.0.0.1:" + environment.getProperty("local.server.port")
                + path;
        Path profile = Files.createTempDirectory("chromium-profile");
        Process chromium = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--user-data-dir=" + profile, "--virtual-time-budget=15000", "--dump-dom", url)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] dom = chromium.getInputStream().readAllBytes();
        assertThat(chromium.waitFor(90, TimeUnit.SECONDS)).as("Chromium finished").isTrue();
        return new String(dom, StandardCharsets.UTF_8);
    }

    private static String row(String page, String marker) {
        int at = page.indexOf(marker);
        assertThat(at).as("a row with " + marker + " in the page").isPositive();
        int start = page.lastIndexOf("<tr", at);
        return page.substring(start, page.indexOf("</tr>", at));
    }
}
