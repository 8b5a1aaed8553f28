package io.notifications.embedded;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/** A real S3 protocol server in the JVM (S3Proxy), for the zero-configuration demo and for tests. */
public class EmbeddedS3Server implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedS3Server.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final S3Proxy proxy;
    private final EmbeddedS3Properties properties;
    private final NotifyingBlobStore notifying;

    public EmbeddedS3Server(EmbeddedS3Properties properties) throws Exception {
        this.properties = properties;
        BlobStore store;
        if (properties.dataDir().isBlank()) {
            store = new TransientNio2BlobStore();
        } else {
            Path dir = Files.createDirectories(Path.of(properties.dataDir()));
            // S3Proxy rejects paths that are not normalized as path traversal
            store = new FilesystemNio2BlobStore(dir.toAbsolutePath().normalize().toString());
        }
        notifying = new NotifyingBlobStore(store);
        proxy = S3Proxy.builder()
                .blobStore(notifying)
                .endpoint(URI.create("http://" + properties.host() + ":" + properties.port()))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, properties.accessKey(), properties.secretKey())
                .ignoreUnknownHeaders(true)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Embedded S3 server did not start within " + START_TIMEOUT);
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
        log.info("Embedded S3 server listening on {} ({})", endpoint(),
                properties.dataDir().isBlank() ? "in memory" : "data in " + properties.dataDir());
    }

    public String endpoint() {
        return "http://" + properties.host() + ":" + proxy.getPort();
    }

    /** Tells {@code listener} of every object written or removed from now on, as a store's event target. */
    void onChange(java.util.function.Consumer<NotifyingBlobStore.Change> listener) {
        notifying.listener(listener);
    }

    public String accessKey() {
        return properties.accessKey();
    }

    public String secretKey() {
        return properties.secretKey();
    }

    @Override
    public void destroy() throws Exception {
        proxy.stop();
    }
}
