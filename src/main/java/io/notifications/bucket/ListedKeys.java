package io.notifications.bucket;

import java.util.Arrays;

/**
 * The keys one scan listed, kept as 64-bit hashes: 8 bytes a key however long it is, so a scan of a million
 * objects holds 8 MB, where the keys themselves would take well over 100 MB. After the listing it answers whether a
 * known item's key was among them.
 *
 * <p>Two keys with one hash (for a bucket of n keys, about n in 2^64) can only make a missing key look listed: its
 * item is then not marked GONE by this scan. A listed key is never taken for a missing one.
 */
final class ListedKeys {

    private long[] hashes = new long[1024];
    private int size;
    private boolean sorted = true;

    synchronized void add(String key) {
        if (size == hashes.length) {
            hashes = Arrays.copyOf(hashes, size * 2);
        }
        hashes[size++] = hash(key);
        sorted = false;
    }

    synchronized boolean contains(String key) {
        if (!sorted) {
            Arrays.sort(hashes, 0, size);
            sorted = true;
        }
        return Arrays.binarySearch(hashes, 0, size, hash(key)) >= 0;
    }

    /** How many keys were added (a key listed twice counts twice). */
    synchronized int size() {
        return size;
    }

    /** FNV-1a over the key's UTF-16 units, then MurmurHash3's finalizer to spread the bits. */
    static long hash(String key) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            h ^= key.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
