package io.notifications.faces;

import java.util.Optional;

/**
 * Where face crops are kept, shared by every node: each crop with its owner, so that it goes when the owner goes.
 * Crops are personal data; they are read by name only through the API, behind its key.
 */
public interface CropStore {

    /** Keeps the crop for its owner. The owner storing the same name again (a retried item) changes nothing. */
    void put(CropOwner owner, String name, byte[] jpeg);

    /** The bytes of a crop of that name, whoever owns it: crops are named by their content. */
    Optional<byte[]> get(String name);

    /** Deletes every crop of the owner; returns how many there were. */
    int deleteAll(CropOwner owner);
}
