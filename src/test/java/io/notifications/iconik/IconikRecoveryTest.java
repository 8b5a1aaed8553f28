package io.notifications.iconik;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.notifications.embedded.IconikSimulator;
import io.notifications.item.Item;
import io.notifications.item.ItemRepository;
import io.notifications.item.ItemStatus;
import io.notifications.support.ServiceNode;
import io.notifications.webhook.WebhookEvent;
import io.notifications.webhook.WebhookEventRepository;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** iconik items a crash left PROCESSING are processed after the next start, with their webhook events. */
class IconikRecoveryTest {

    /** A demo asset of the simulator: there before recovery runs. */
    private static final String ASSET = "a55e7000-0000-4000-8000-000000000001";

    private static final String INTERRUPTED_JOB = "0b0b0b0b-0000-4000-8000-000000000001";

    private final String database = "jdbc:h2:mem:iconik-recovery-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

    @Test
    void anIconikItemLeftProcessingIsProcessedAgainAfterARestart() {
        Map<String, Object> node = Map.of(
                "spring.datasource.url", database,
                "notifications.embedded.s3.enabled", "false",
                "notifications.embedded.iconik.demo", "true",
                "iconik.rules[0].name", "recovery",
                "iconik.rules[0].processor", "media-info",
                "iconik.rules[0].metadata-view", "view-r");
        try (ConfigurableApplicationContext first = ServiceNode.start(node)) {
            IconikSimulator iconik = first.getBean(IconikSimulator.class);
            first.getBean("iconikSqs", software.amazon.awssdk.services.sqs.SqsClient.class).sendMessage(b -> b
                    .queueUrl(first.getBean(io.notifications.embedded.EmbeddedSqsServer.class).queueUrl())
                    .messageBody(iconik.assetEvent(ASSET, "create")));
            ItemRepository items = first.getBean(ItemRepository.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> items.findAll().stream()
                    .anyMatch(i -> i.getStatus() == ItemStatus.DONE));
        }

        // What a crash mid-attempt leaves behind: the item PROCESSING, with its iconik job noted
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(database, "sa", ""));
        jdbc.update("update item set status = 'PROCESSING', result = null, iconik_job_id = ? where asset_id = ?",
                INTERRUPTED_JOB, ASSET);

        try (ConfigurableApplicationContext second = ServiceNode.start(node)) {
            ItemRepository items = second.getBean(ItemRepository.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> items.findAll().stream()
                    .allMatch(i -> i.getStatus() == ItemStatus.DONE && i.getResult() != null));
            Item item = items.findAll().get(0);
            assertThat(item.getAttempts()).isEqualTo(2);
            assertThat(item.getAssetId()).isEqualTo(ASSET);
            IconikSimulator iconik = second.getBean(IconikSimulator.class);
            assertThat(iconik.metadata(ASSET, "view-r")).isNotNull();
            // The item's job is taken up again, STARTED; this simulator does not know it, so a new job is made
            assertThat(iconik.requests()).filteredOn(r -> r.method().equals("PATCH")
                    && r.path().equals("/API/jobs/v1/jobs/" + INTERRUPTED_JOB + "/"))
                    .singleElement().satisfies(r -> assertThat(r.body()).contains("\"STARTED\""));
            assertThat(iconik.jobs()).singleElement().satisfies(job -> {
                assertThat(job.path("status").asText()).isEqualTo("FINISHED");
                assertThat(jdbc.queryForObject("select iconik_job_id from item", String.class))
                        .isEqualTo(job.path("id").asText());
            });

            List<WebhookEvent> events = second.getBean(WebhookEventRepository.class).findAll();
            assertThat(events).filteredOn(e -> e.getPayload().contains("\"assetId\":\"" + ASSET + "\""))
                    .extracting(WebhookEvent::getType)
                    .containsExactlyInAnyOrder("item.created", "item.processing", "item.done", "item.processing",
                            "item.done");
            assertThat(events).filteredOn(e -> e.getType().equals("item.done"))
                    .allSatisfy(e -> assertThat(e.getPayload()).contains("\"source\":\"iconik\"")
                            .contains("\"processor\":\"media-info\"").contains("\"assetVersionId\":"));
        }
    }
}
