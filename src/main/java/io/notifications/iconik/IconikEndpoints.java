package io.notifications.iconik;

import java.net.URI;

/**
 * Where iconik and its queue are: from {@link IconikProperties}, unless the embedded stand-ins run.
 *
 * @param api          iconik's API base URL; null when iconik is not configured
 * @param queue        the SQS queue name or URL; null when there is no SQS intake
 * @param sqsEndpoint  an SQS-compatible endpoint instead of AWS's, or null
 * @param sqsAccessKey with {@code sqsSecretKey}, static credentials; null for the default AWS credential chain
 */
public record IconikEndpoints(URI api, String queue, URI sqsEndpoint, String sqsAccessKey, String sqsSecretKey) {

    public static IconikEndpoints of(IconikProperties properties) {
        return new IconikEndpoints(properties.baseUrl(), blankToNull(properties.queue()), properties.sqs().endpoint(),
                blankToNull(properties.sqs().accessKey()), blankToNull(properties.sqs().secretKey()));
    }

    /** Whether the service can talk to iconik: an API to call and the credentials to call it with. */
    public boolean connected(IconikProperties properties) {
        return api != null && properties.hasCredentials();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    @Override
    public String toString() {
        return "IconikEndpoints[api=" + api + ", queue=" + queue + ", sqsEndpoint=" + sqsEndpoint + "]";
    }
}
