package io.notifications.system;

import java.time.Duration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** What the health checks of AWS-protocol services (S3 buckets, the SQS queue) share. */
public final class AwsHealthChecks {

    /** A health check must answer promptly even when a service does not. */
    public static final Duration TIMEOUT = Duration.ofSeconds(5);

    private AwsHealthChecks() {
    }

    /** Why a call failed, for a DOWN detail: the service's answer, or that there was none. */
    public static String describe(SdkException failure) {
        return failure instanceof AwsServiceException refused
                ? "HTTP " + refused.statusCode() + " " + refused.awsErrorDetails().errorCode()
                : "unreachable: " + failure.getMessage();
    }
}
