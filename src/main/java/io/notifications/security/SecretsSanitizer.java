package io.notifications.security;

import java.util.regex.Pattern;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.stereotype.Component;

/**
 * Masks secrets in the actuator's {@code env} and {@code configprops}: any property whose name speaks of a key,
 * secret, token, password or credentials (S3 and SQS keys, iconik's token and webhook secret, the API keys,
 * Rekognition's keys, the datasource password), and any value that is a URL with a password in it.
 */
@Component
public class SecretsSanitizer implements SanitizingFunction {

    private static final Pattern SECRET_NAME = Pattern.compile(
            ".*(key|secret|token|password|passwd|credential|auth).*", Pattern.CASE_INSENSITIVE);
    private static final Pattern URL_WITH_PASSWORD = Pattern.compile("[a-z][a-z0-9+.-]*://[^/\\s:@]+:[^/\\s@]+@.*",
            Pattern.CASE_INSENSITIVE);

    @Override
    public SanitizableData apply(SanitizableData data) {
        if (data.getValue() == null) {
            return data;
        }
        if (SECRET_NAME.matcher(data.getKey()).matches()
                || URL_WITH_PASSWORD.matcher(String.valueOf(data.getValue())).matches()) {
            return data.withSanitizedValue();
        }
        return data;
    }
}
