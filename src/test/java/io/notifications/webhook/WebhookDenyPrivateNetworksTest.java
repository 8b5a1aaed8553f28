package io.notifications.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.notifications.support.Api;
import io.notifications.support.Receiver;
import io.notifications.support.ServiceTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/** With deny-private-networks, loopback and private addresses are refused, when saved and when connecting. */
@ServiceTest
@Import(ScriptedDnsResolver.Beans.class)
@TestPropertySource(properties = {"notifications.webhooks.deny-private-networks=true",
        "notifications.webhooks.allowed-targets=admitted.example.test"})
class WebhookDenyPrivateNetworksTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String PUBLIC = "93.184.216.34";

    @Autowired
    Api api;
    @Autowired
    ScriptedDnsResolver dns;

    @Test
    void aNameThatRebindsToALoopbackReceiverIsRefusedWhenConnectingAndTheReceiverGetsNothing() throws Exception {
        try (Receiver receiver = new Receiver()) {
            // As in WebhookRebindingTest, where the same is delivered
            dns.script("loopback.example.test", PUBLIC, PUBLIC, "127.0.0.1");
            String url = receiver.url("/hook").replace("127.0.0.1", "loopback.example.test");
            long id = api.subscribeAndPing(url);

            await().atMost(PATIENCE).until(() -> delivery(id).path("status").asText().equals("DEAD"));
            assertThat(delivery(id).at("/log/0/error").asText()).isEqualTo("RefusedAddressException: "
                    + "loopback.example.test resolves to 127.0.0.1, a loopback address (127.0.0.0/8); admit it "
                    + "with notifications.webhooks.allowed-targets");
            assertThat(receiver.requests()).isEmpty();
        }
    }

    @Test
    void privateTargetsAreRefusedWhenSavedUnlessAllowed() throws Exception {
        try (Receiver receiver = new Receiver()) {
            var refused = api.post("/api/webhooks", Map.of("url", receiver.url("/hook")));
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().at("/fields/url").asText()).isEqualTo("is a loopback address (127.0.0.0/8); "
                    + "admit it with notifications.webhooks.allowed-targets");
            dns.script("intranet.example.test", "10.0.0.7");
            assertThat(api.post("/api/webhooks", Map.of("url", "https://intranet.example.test/hook")).status())
                    .isEqualTo(400);

            dns.script("admitted.example.test", "127.0.0.1");
            String url = receiver.url("/hook").replace("127.0.0.1", "admitted.example.test");
            long id = api.subscribeAndPing(url);
            await().atMost(PATIENCE).until(() -> delivery(id).path("status").asText().equals("DELIVERED"));
            assertThat(receiver.requests()).hasSize(1);
        }
    }

    private JsonNode delivery(long subscriptionId) {
        return api.get("/api/webhooks/" + subscriptionId + "/deliveries").json().at("/items/0");
    }
}
