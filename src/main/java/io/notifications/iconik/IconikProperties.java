package io.notifications.iconik;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

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
 * @param rateLimit        the API budget every call, retries included, waits for; shared by the nodes on PostgreSQL
 * @param jobs             whether an iconik job shows each item's progress
 * @param rules            which events, collections and actions lead to which processor, with what config
 */
@ConfigurationProperties("iconik")
@Validated
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
        @DefaultValue @Valid RateLimit rateLimit,
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

    /**
     * iconik allows each credential set about 50 requests/s sustained and 1,000 in any 20 s; the defaults stay under.
     *
     * @param perSecond     sustained calls per second, also the largest burst
     * @param perWindow     calls in any {@code window}
     * @param window        the window of {@code perWindow}
     * @param maxWait       the longest a call waits for the budget before it fails as iconik unavailable
     * @param slowDownBelow when iconik's {@code RateLimit-Remaining} falls below this fraction of
     *                      {@code perWindow}, each call costs up to four tokens instead of one, in proportion
     * @param writeBackShare the share of the budget write-backs are sure of while intake reads wait too (the
     *                      intake has the rest); whichever kind waits alone has it all
     */
    public record RateLimit(@DefaultValue("45") @Positive int perSecond, @DefaultValue("900") @Positive int perWindow,
                            @DefaultValue("20s") Duration window, @DefaultValue("30s") Duration maxWait,
                            @DefaultValue("0.1") @DecimalMin("0") @DecimalMax("1") double slowDownBelow,
                            @DefaultValue("0.5") @DecimalMin("0.05") @DecimalMax("0.95") double writeBackShare) {
    }

    @Override
    public String toString() {
        return "IconikProperties[baseUrl=" + baseUrl + ", appId=" + appId + ", authToken=***, queue=" + queue
                + ", pollInterval=" + pollInterval + ", webhookSecret=***, sqs=" + sqs + ", rules=" + rules + "]";
    }
}
