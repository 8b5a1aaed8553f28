package io.notifications.item;

/**
 * An iconik asset version that a rule chose for a processor, as recorded in the item table.
 *
 * @param processorConfig the rule's processor config as JSON, or null
 * @param pipeline        the rule's steps as JSON, or null when it names one processor
 */
public record AssetToProcess(String assetId, String versionId, String collectionId, String title, Long size,
                             String ruleName, String processor, String processorConfig, String pipeline) {

    public AssetToProcess(String assetId, String versionId, String collectionId, String title, Long size,
                          String ruleName, String processor, String processorConfig) {
        this(assetId, versionId, collectionId, title, size, ruleName, processor, processorConfig, null);
    }
}
