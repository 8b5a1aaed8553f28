package io.notifications.api;

import io.notifications.faces.FaceCrops;
import io.notifications.system.NotFoundException;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Face crops that processing results and reference faces refer to by name. They are personal data: served only
 * with an API key, from the database (so by any node), and kept in no cache (see SecurityConfiguration).
 */
@Component("faceApi")
public class FaceApi {

    private final FaceCrops crops;

    public FaceApi(FaceCrops crops) {
        this.crops = crops;
    }

    public void crop(Exchange exchange) {
        String name = exchange.getMessage().getHeader("name", String.class);
        byte[] jpeg = crops.read(name).orElseThrow(() -> new NotFoundException("face crop '" + name + "' does not exist"));
        // Cache-Control: private, no-store comes from SecurityConfiguration (Camel sends no Cache-Control of ours)
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "image/jpeg");
        exchange.getMessage().setBody(jpeg);
    }
}
