package io.notifications.bucket;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.notifications.item.ObjectChange;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Reads S3 event notifications: the JSON {@code Records} that AWS S3 sends to SQS or SNS and that MinIO, Ceph RGW
 * and other stores post to webhooks. Understands an SNS envelope around them (its {@code Message}), S3's
 * {@code s3:TestEvent} (no records), and MinIO's extra top-level fields. Only {@code ObjectCreated:*} and
 * {@code ObjectRemoved:*} records become changes; others (restores, replication, tagging) are left out.
 */
@Component
public class S3EventNotifications {

    /** One record: the bucket it names and the change to its key. */
    public record Notification(String bucketName, ObjectChange change) {
    }

    /**
     * S3's sequencer order for one key: the greater hexadecimal value is later. Values of different lengths are
     * compared after padding the shorter on the right with zeros, as AWS's documentation says.
     */
    public static final Comparator<String> SEQUENCER_ORDER = (a, b) -> {
        int length = Math.max(a.length(), b.length());
        String left = (a + "0".repeat(length - a.length())).toUpperCase(java.util.Locale.ROOT);
        String right = (b + "0".repeat(length - b.length())).toUpperCase(java.util.Locale.ROOT);
        return left.compareTo(right);
    };

    /** The lengths of item.object_key, item.etag (quotes included) and item.change_sequence. */
    private static final int MAX_KEY = 1024;
    private static final int MAX_ETAG = 256;
    private static final int MAX_SEQUENCER = 128;

    private final ObjectMapper objectMapper;

    public S3EventNotifications(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    /**
     * The changes a message reports, in the order given; none for S3's test event.
     *
     * @throws MalformedS3EventException if the message is not an S3 event notification
     */
    public List<Notification> parse(String body) {
        JsonNode message = json(body, "body");
        if ("Notification".equals(message.path("Type").asText()) && message.hasNonNull("Message")) {
            // Through SNS: the S3 event is the envelope's Message, as a string
            message = json(message.get("Message").asText(), "Message");
        } else if (message.has("Type") && message.has("TopicArn")) {
            throw new MalformedS3EventException("Type", "is SNS's '" + message.path("Type").asText()
                    + "', not a Notification: confirm the subscription in SNS (raw delivery off) and resend");
        }
        if ("s3:TestEvent".equals(message.path("Event").asText())) {
            return List.of();
        }
        JsonNode records = message.get("Records");
        if (records == null || !records.isArray()) {
            throw new MalformedS3EventException("Records", "is missing: not an S3 event notification");
        }
        List<Notification> notifications = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            Notification notification = record(records.get(i), "Records[" + i + "]");
            if (notification != null) {
                notifications.add(notification);
            }
        }
        return notifications;
    }

    private Notification record(JsonNode record, String field) {
        String eventName = text(record, "eventName", field);
        // AWS and Ceph name it ObjectCreated:Put, MinIO s3:ObjectCreated:Put
        String name = eventName.startsWith("s3:") ? eventName.substring(3) : eventName;
        boolean created = name.startsWith("ObjectCreated:");
        // MinIO's answer to a delete of a key or version that does not exist: the object may still be there
        boolean removed = name.startsWith("ObjectRemoved:") && !name.equals("ObjectRemoved:NoOP");
        if (!created && !removed) {
            return null;
        }
        JsonNode s3 = record.path("s3");
        String bucket = text(s3.path("bucket"), "name", field + ".s3.bucket");
        JsonNode object = s3.path("object");
        String encodedKey = text(object, "key", field + ".s3.object");
        // AWS and MinIO encode the key as a form value ('+' for a space); Ceph sends it as it is
        boolean ceph = record.path("eventSource").asText().startsWith("ceph:");
        String key = ceph ? encodedKey : decoded(encodedKey, field + ".s3.object.key");
        fits(key, MAX_KEY, field + ".s3.object.key");
        Instant happenedAt = null;
        if (record.hasNonNull("eventTime")) {
            try {
                happenedAt = Instant.parse(record.get("eventTime").asText());
            } catch (DateTimeParseException e) {
                throw new MalformedS3EventException(field + ".eventTime", "is not an ISO-8601 time");
            }
        }
        // Ceph's sequencer is the bytes of a little-endian time, which do not sort: its eventTime orders instead
        String sequencer = ceph ? null : blankToNull(object.path("sequencer").asText(null));
        fits(sequencer, MAX_SEQUENCER, field + ".s3.object.sequencer");
        String etag = created ? etag(object) : null;
        fits(etag, MAX_ETAG, field + ".s3.object.eTag");
        Long size = created ? size(object.path("size")) : null;
        if (created && etag == null) {
            throw new MalformedS3EventException(field + ".s3.object.eTag", "is required for " + name);
        }
        return new Notification(bucket, new ObjectChange(key, removed, etag, size, happenedAt, sequencer));
    }

    /** A number, or a number as text as Ceph's documentation shows it; null when absent or neither. */
    private static Long size(JsonNode size) {
        if (size.isIntegralNumber() && size.canConvertToLong()) {
            return size.asLong();
        }
        if (size.isTextual()) {
            try {
                return Long.parseLong(size.asText().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static String decoded(String key, String field) {
        try {
            return URLDecoder.decode(key, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // A '%' not followed by two hex digits: AWS and MinIO would have sent %25
            throw new MalformedS3EventException(field, "is not form-encoded: " + e.getMessage());
        }
    }

    /** What the item's columns cannot hold would fail the whole message later, as the service's fault. */
    private static void fits(String value, int max, String field) {
        if (value != null && value.length() > max) {
            throw new MalformedS3EventException(field, "is longer than " + max + " characters");
        }
    }

    /** ListObjectsV2 gives the ETag in quotes, events without: the items keep the listing's form. */
    private static String etag(JsonNode object) {
        // Ceph before 2021 spelled it etag
        String etag = blankToNull(object.path("eTag").asText(object.path("etag").asText(null)));
        if (etag == null) {
            return null;
        }
        return etag.startsWith("\"") ? etag : "\"" + etag + "\"";
    }

    private JsonNode json(String text, String field) {
        try {
            JsonNode node = objectMapper.readTree(text == null ? "" : text);
            if (node == null || !node.isObject()) {
                throw new MalformedS3EventException(field, "is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new MalformedS3EventException(field, "is not JSON: " + e.getOriginalMessage());
        }
    }

    private static String text(JsonNode node, String name, String field) {
        JsonNode value = node.get(name);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new MalformedS3EventException(field + "." + name, "is required");
        }
        return value.asText();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
