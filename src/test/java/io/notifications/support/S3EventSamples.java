package io.notifications.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The S3 event notifications of src/test/resources/s3-events/, real samples as AWS, SNS, MinIO and Ceph send them,
 * with the first record's bucket, key, ETag, size, sequencer, time and event name set for a test. The envelope stays
 * as the store sends it: an SNS sample keeps the event as its Message string, a MinIO one its top-level Key.
 */
public final class S3EventSamples {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode message;
    /** The S3 event itself: the message, or the event inside an SNS envelope's Message. */
    private final ObjectNode event;
    private final boolean sns;
    private final boolean minio;

    private S3EventSamples(ObjectNode message) {
        this.message = message;
        this.sns = "Notification".equals(message.path("Type").asText());
        this.event = sns ? (ObjectNode) read(message.get("Message").asText()) : message;
        this.minio = message.has("EventName") && message.has("Key");
    }

    /** The sample exactly as stored. */
    public static String raw(String file) {
        try (InputStream in = S3EventSamples.class.getResourceAsStream("/s3-events/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no sample s3-events/" + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sample, to be filled in. */
    public static S3EventSamples of(String file) {
        return new S3EventSamples((ObjectNode) read(raw(file)));
    }

    public S3EventSamples bucket(String name) {
        ObjectNode bucket = (ObjectNode) record().at("/s3/bucket");
        bucket.put("name", name);
        bucket.put("arn", "arn:aws:s3:::" + name);
        if (minio) {
            message.put("Key", name + "/" + message.get("Key").asText().split("/", 2)[1]);
        }
        return this;
    }

    /**
     * The key as the record carries it: form-encoded for AWS and MinIO ({@code red+flower.jpg}), raw for Ceph.
     * MinIO's top-level Key gets the raw form given as {@code rawKey}.
     */
    public S3EventSamples key(String keyInRecord, String rawKey) {
        object().put("key", keyInRecord);
        if (minio) {
            message.put("Key", record().at("/s3/bucket/name").asText() + "/" + rawKey);
        }
        return this;
    }

    /** A key that reads the same encoded or not. */
    public S3EventSamples key(String key) {
        return key(key, key);
    }

    /** The ETag as stores send it, without quotes. */
    public S3EventSamples eTag(String etag) {
        object().put("eTag", etag);
        return this;
    }

    public S3EventSamples size(long size) {
        object().put("size", size);
        return this;
    }

    public S3EventSamples sequencer(String sequencer) {
        object().put("sequencer", sequencer);
        return this;
    }

    public S3EventSamples withoutSequencer() {
        object().remove("sequencer");
        return this;
    }

    public S3EventSamples eventTime(Instant at) {
        record().put("eventTime", at.toString());
        return this;
    }

    /** The record's eventName, e.g. {@code ObjectCreated:Copy}; MinIO's top-level EventName follows. */
    public S3EventSamples eventName(String name) {
        record().put("eventName", name);
        if (minio) {
            message.put("EventName", name);
        }
        return this;
    }

    /** The message as the store would post it. */
    public String json() {
        if (sns) {
            message.put("Message", event.toString());
        }
        return message.toString();
    }

    @Override
    public String toString() {
        return json();
    }

    private ObjectNode record() {
        return (ObjectNode) event.get("Records").get(0);
    }

    private ObjectNode object() {
        return (ObjectNode) record().at("/s3/object");
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
