package io.notifications.webhook;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The receiver's side of Standard Webhooks, written from the specification, independent of the sender's code. */
final class StandardWebhooks {

    private StandardWebhooks() {
    }

    static boolean verifies(String secret, String id, String timestamp, String body, String signatureHeader) throws Exception {
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        String expected = Base64.getEncoder().encodeToString(
                mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        return Arrays.stream(signatureHeader.split(" ")).anyMatch(s -> s.equals("v1," + expected));
    }
}
