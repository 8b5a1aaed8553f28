package io.notifications.system;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 of bytes or text (UTF-8), which every JVM has: key digests, lock keys, content names. */
public final class Sha256 {

    private Sha256() {
    }

    public static byte[] of(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must support SHA-256", e);
        }
    }

    public static byte[] of(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The first 8 bytes of the text's digest, as a number: a key for a lock or a row. */
    public static long longOf(String text) {
        return ByteBuffer.wrap(of(text)).getLong();
    }
}
