package io.notifications.processing;

/**
 * A processor turns one piece of media into a result. Processors are Spring beans found by {@link #name()};
 * adding one means adding one class. They do not know where the media came from, and they touch neither the
 * database, nor Camel, nor webhooks.
 *
 * @param <C> the processor's own configuration, bound from the bucket's {@code processorConfig} JSON
 */
public interface MediaProcessor<C> {

    /** The name buckets choose the processor by, e.g. {@code media-info}. */
    String name();

    Class<C> configType();

    /**
     * Checks what annotations on the config cannot, e.g. that a backend it names is set up; throws an
     * {@code InvalidProcessorConfigException} naming the field.
     */
    default void validate(C config) {
    }

    /**
     * Whether a smaller rendition (an iconik proxy) serves as well as the original. Faces can be found in a proxy;
     * a checksum cannot be taken from one.
     */
    default boolean acceptsProxy() {
        return false;
    }

    /**
     * Processes the media. The result is stored as JSON on the item. Throwing means the attempt failed; it is
     * retried with backoff unless the exception is a {@code NotRetryableException}.
     */
    Object process(MediaSource media, C config) throws Exception;
}
