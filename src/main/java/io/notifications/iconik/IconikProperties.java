package io.notifications.iconik;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * iconik: the API the service reads assets from and writes results to, the SQS queue its events arrive on, and the
 * rules that say which events are processed by which processor.
 *
 * @param baseUrl          iconik's API host, e.g. https://app.iconik.io (iconik runs several regional ones); none, with
 *                         the credentials, leaves iconik off
 * @param appId            sent as {@code App-ID}
 * @param authToken        sent as {@code Auth-Token}; a secret
 * @param queue            the SQS queue name or URL; none turns the SQS intake off
 * @param pollInterval     the wait between polls that found the queue empty
 * @param webhookSecret    the {@code X-Iconik-Secret} that the HTTP intake requires; none turns it off
 * @param visibilityTimeout how long a received message stays hidden from other consumers while it is recorded;
 *                         extended while recording takes longer
 * @param waitTime         how long one receive waits for messages (SQS long polling, at most 20 s); a stop waits for
 *                         the receives under way, so it stays under camel.main.shutdown-timeout
 * @param pageSize         collection contents are read this many at a time
 * @param concurrency      parallel receivers of the queue, each recording its own messages (each waits on iconik)
 * @param sqs              region, credentials and endpoint override of the queue
 * @param retry            how calls answered with 429 or 5xx are retried
 * @param jobs             whether an iconik job shows each item's progress
 * @param rules            which events, collections and actions lead to which processor, with what config
 */
@ConfigurationProperties("iconik")
public record IconikProperties(
        URI baseUrl,
        String appId,
        String authToken,
        String queue,
        @DefaultValue("60s") Duration pollInterval,
        String webhookSecret,
        @DefaultValue("5m") Duration visibilityTimeout,
        @DefaultValue("5s") Duration waitTime,
        @DefaultValue("100") int pageSize,
        @DefaultValue("8") int concurrency,
        @DefaultValue Sqs sqs,
        @DefaultValue Retry retry,
        @DefaultValue("true") boolean jobs,
        List<IconikRule> rules) {

    public IconikProperties {
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    /** Whether both the App-ID and the token are set; without them no call to iconik can succeed. */
    public boolean hasCredentials() {
        return appId != null && !appId.isBlank() && authToken != null && !authToken.isBlank();
    }

    /**
     * @param region    the queue's AWS region
     * @param endpoint  an SQS-compatible endpoint instead of AWS's
     * @param accessKey with {@code secretKey}, static credentials; without, the default AWS credential chain
     */
    public record Sqs(@DefaultValue("us-east-1") String region, URI endpoint, String accessKey, String secretKey) {
        @Override
        public String toString() {
            return "Sqs[region=" + region + ", endpoint=" + endpoint + ", accessKey=" + accessKey + ", secretKey=***]";
        }
    }

    /**
     * @param attempts  calls per request in all, the first included
     * @param firstWait the wait before the first retry, doubled for each further one (with jitter), unless the
     *                  answer says {@code Retry-After}
     * @param maxWait   no wait is longer than this, whatever {@code Retry-After} says
     */
    public record Retry(@DefaultValue("5") int attempts, @DefaultValue("500ms") Duration firstWait,
                        @DefaultValue("30s") Duration maxWait) {
    }

    @Override
    public String toString() {
        return "IconikProperties[baseUrl=" + baseUrl + ", appId=" + appId + ", authToken=***, queue=" + queue
                + ", pollInterval=" + pollInterval + ", webhookSecret=***, sqs=" + sqs + ", rules=" + rules + "]";
    }
}
