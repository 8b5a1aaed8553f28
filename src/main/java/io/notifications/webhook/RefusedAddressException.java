package io.notifications.webhook;

import java.net.UnknownHostException;

/**
 * A webhook target's host or one of its addresses is refused by {@link TargetGuard}. A lookup failure to the HTTP
 * client, so no connection is made and the attempt fails with this message.
 */
public class RefusedAddressException extends UnknownHostException {

    private final String reason;

    public RefusedAddressException(String host, String reason) {
        super(host + " " + reason);
        this.reason = reason;
    }

    /** Why, without the host: "resolves to 169.254.169.254, a link-local address ...". */
    public String reason() {
        return reason;
    }
}
