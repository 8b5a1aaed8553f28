package io.notifications.api;

import io.notifications.faces.FaceCrops;
import io.notifications.system.NotFoundException;
import java.io.IOException;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** Face crops that processing results refer to by name. */
@Component("faceApi")
public class FaceApi {

    private final FaceCrops crops;

    public FaceApi(FaceCrops crops) {
        this.crops = crops;
    }

    public void crop(Exchange exchange) throws IOException {
        String name = exchange.getMessage().getHeader("name", String.class);
        byte[] jpeg = crops.read(name).orElseThrow(() -> new NotFoundException("face crop '" + name + "' does not exist"));
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "image/jpeg");
        // Named by their content: a crop never changes
        exchange.getMessage().setHeader("Cache-Control", "public, max-age=31536000, immutable");
        exchange.getMessage().setBody(jpeg);
    }
}
