package io.notifications.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.notifications.bucket.Bucket;
import io.notifications.bucket.BucketEventIntake.Recorded;
import io.notifications.bucket.BucketService;
import io.notifications.bucket.Discovery;
import io.notifications.system.ConflictException;
import io.notifications.system.UnauthorizedException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * {@code POST /api/buckets/{id}/events}: stores that post S3 event notifications as webhooks (MinIO, Ceph RGW and
 * others) call it directly, with the bucket's {@code eventSecret} instead of an API key: as a bearer token (what
 * MinIO's {@code auth_token} sends), or as an HMAC-SHA256 of the body in {@code X-Notifications-Signature}.
 */
@Component("bucketEventsApi")
public class BucketEventsApi {

    static final String SIGNATURE_PREFIX = "sha256=";

    private final BucketService buckets;
    private final ObjectMapper objectMapper;

    public BucketEventsApi(BucketService buckets, ObjectMapper objectMapper) {
        this.buckets = buckets;
        this.objectMapper = objectMapper;
    }

    /**
     * Lets the call in if it proves the bucket's event secret. An unknown bucket is answered like a wrong secret,
     * so that a caller without the secret learns nothing of which buckets exist.
     */
    public void authorize(String bucketId, String authorization, String signature, String body) {
        Bucket bucket = bucket(bucketId);
        String secret = bucket == null ? null : bucket.getEventSecret();
        boolean bearer = secret != null && authorization != null
                && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && same(secret, authorization.substring(7).trim());
        boolean signed = secret != null && signature != null && signature.startsWith(SIGNATURE_PREFIX)
                && same(hmac(secret, body == null ? "" : body),
                signature.substring(SIGNATURE_PREFIX.length()).toLowerCase(java.util.Locale.ROOT));
        if (!bearer && !signed) {
            // One answer for every refusal: which buckets exist and which take events is not the caller's to learn
            throw new UnauthorizedException("Authorization: Bearer <eventSecret>, or X-Notifications-Signature: "
                    + "sha256=<HMAC-SHA256 of the body>, is missing or wrong, or the bucket takes no events over "
                    + "HTTP (it has no eventSecret)");
        }
        if (bucket.getDiscovery() != Discovery.EVENTS) {
            throw new ConflictException("bucket " + bucketId + " discovers its objects by " + bucket.getDiscovery()
                    + ": set its discovery to EVENTS to take events");
        }
    }

    /** 200 with what the message did. */
    public void answer(Exchange exchange) throws JsonProcessingException {
        Recorded recorded = exchange.getMessage().getBody(Recorded.class);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(objectMapper.writeValueAsString(recorded));
    }

    /** The signature a sender computes: lower-case hex of HMAC-SHA256 over the body's UTF-8 bytes. */
    static String hmac(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }

    private Bucket bucket(String bucketId) {
        try {
            return buckets.find(Long.parseLong(bucketId)).orElse(null);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean same(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
