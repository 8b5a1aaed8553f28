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

/**
 * A target's name is checked when the subscription is saved and before each attempt, and the address each
 * connection is made to is checked again: a name whose answer changes in between (DNS rebinding) reaches nothing
 * refused. Private networks are not refused by default.
 */
@ServiceTest
@Import(ScriptedDnsResolver.Beans.class)
class WebhookRebindingTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String PUBLIC = "93.184.216.34";

    @Autowired
    Api api;
    @Autowired
    ScriptedDnsResolver dns;

    @Test
    void aNameThatRebindsToTheMetadataAddressOnlyWhenConnectingIsRefusedBeforeAnyConnection() throws Exception {
        try (Receiver receiver = new Receiver()) {
            // Public when saved and when the attempt is prepared; when connecting, the metadata address and the
            // receiver's: taking any of them would be a connection the guard let through
            dns.script("rebind.example.test", PUBLIC, PUBLIC, "169.254.169.254,127.0.0.1");
            String url = receiver.url("/hook").replace("127.0.0.1", "rebind.example.test");
            long id = api.subscribeAndPing(url);

            JsonNode first = firstAttempt(id);
            assertThat(first.get("error").asText()).isEqualTo("RefusedAddressException: rebind.example.test "
                    + "resolves to 169.254.169.254, a link-local address, where cloud metadata services live "
                    + "(169.254.0.0/16); admit it with notifications.webhooks.allowed-targets");
            assertThat(first.get("statusCode").isNull()).isTrue();
            assertThat(dns.lookups("rebind.example.test")).isGreaterThanOrEqualTo(3);
            await().atMost(PATIENCE).until(() -> status(id).equals("DEAD"));
            assertThat(receiver.requests()).isEmpty();
        }
    }

    @Test
    void aNameThatRebindsToTheMetadataAddressAfterItWasSavedIsRefusedBeforeTheAttempt() throws Exception {
        try (Receiver receiver = new Receiver()) {
            dns.script("rebind-early.example.test", PUBLIC, "169.254.169.254");
            String url = receiver.url("/hook").replace("127.0.0.1", "rebind-early.example.test");
            long id = api.subscribeAndPing(url);

            assertThat(firstAttempt(id).get("error").asText())
                    .startsWith("RefusedTargetException: target resolves to 169.254.169.254, a link-local address");
            assertThat(receiver.requests()).isEmpty();
        }
    }

    @Test
    void aNameResolvingToALoopbackReceiverIsDeliveredWhenPrivateNetworksAreNotDenied() throws Exception {
        try (Receiver receiver = new Receiver()) {
            // As in WebhookDenyPrivateNetworksTest, where the same is refused
            dns.script("loopback.example.test", PUBLIC, PUBLIC, "127.0.0.1");
            String url = receiver.url("/hook").replace("127.0.0.1", "loopback.example.test");
            long id = api.subscribeAndPing(url);

            await().atMost(PATIENCE).until(() -> status(id).equals("DELIVERED"));
            assertThat(receiver.requests()).hasSize(1);
            assertThat(receiver.requests().get(0).header("host")).startsWith("loopback.example.test:");
        }
    }

    /** The first attempt of the subscription's only delivery, once it is recorded. */
    private JsonNode firstAttempt(long subscriptionId) {
        return await().atMost(PATIENCE).until(
                () -> api.get("/api/webhooks/" + subscriptionId + "/deliveries").json().at("/items/0/log/0"),
                attempt -> !attempt.isMissingNode());
    }

    private String status(long subscriptionId) {
        return api.get("/api/webhooks/" + subscriptionId + "/deliveries").json().at("/items/0/status").asText();
    }
}
