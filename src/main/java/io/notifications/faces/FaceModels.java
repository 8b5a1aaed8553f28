package io.notifications.faces;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.notifications.faces.model.FaceDescriptorNet;
import io.notifications.faces.model.FaceDetectorModel;
import io.notifications.faces.model.FaceLandmarks68;
import io.notifications.faces.model.SsdMobilenetV1;
import io.notifications.faces.model.TfjsWeights;
import io.notifications.faces.model.TinyFaceDetector;
import java.io.FileNotFoundException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The face networks, converted from face-api's TF.js weights to ONNX graphs on first use (about half a second
 * each) and kept for the life of the service. ONNX Runtime sessions are safe to share between workers.
 */
@Component
public class FaceModels implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(FaceModels.class);
    private static final String PACKAGED = "faces/models/";

    private final FacesProperties properties;
    /** Every net loaded so far, by name: the detectors, the landmarks and the descriptor. */
    private final Map<String, AutoCloseable> loaded = new ConcurrentHashMap<>();
    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();

    public FaceModels(FacesProperties properties) {
        this.properties = properties;
    }

    /** The detector named {@code ssd} or {@code tiny}. */
    public FaceDetectorModel detector(String model) {
        return switch (model) {
            case "ssd" -> loaded(model, () -> new SsdMobilenetV1(environment, weights(SsdMobilenetV1.WEIGHTS),
                    options()));
            case "tiny" -> loaded(model, () -> new TinyFaceDetector(environment, weights(TinyFaceDetector.WEIGHTS),
                    options()));
            default -> throw new IllegalArgumentException("unknown face model '" + model + "'; known: ssd, tiny");
        };
    }

    /** The 68-point landmark net, for turning faces upright before they are described. */
    public FaceLandmarks68 landmarks() {
        return loaded("landmarks", () -> new FaceLandmarks68(environment, weights(FaceLandmarks68.WEIGHTS),
                options()));
    }

    /** dlib's ResNet, giving each face its 128-number descriptor. */
    public FaceDescriptorNet descriptors() {
        return loaded("descriptor", () -> new FaceDescriptorNet(environment, weights(FaceDescriptorNet.WEIGHTS),
                options()));
    }

    private interface Loader<T> {
        T load() throws OrtException;
    }

    /** The named net, converted and loaded on first use only. */
    @SuppressWarnings("unchecked")
    private <T extends AutoCloseable> T loaded(String model, Loader<T> loader) {
        return (T) loaded.computeIfAbsent(model, name -> {
            long start = System.nanoTime();
            try {
                T net = loader.load();
                log.info("Face model '{}' converted and loaded in {} ms", name, (System.nanoTime() - start) / 1_000_000);
                return net;
            } catch (OrtException e) {
                throw new IllegalStateException("Could not load face model " + name + ": " + e.getMessage(), e);
            }
        });
    }

    private TfjsWeights weights(String name) {
        return TfjsWeights.load(this::open, name);
    }

    private InputStream open(String file) throws java.io.IOException {
        if (properties.modelDir() != null) {
            return Files.newInputStream(properties.modelDir().resolve(file));
        }
        InputStream in = FaceModels.class.getClassLoader().getResourceAsStream(PACKAGED + file);
        if (in == null) {
            throw new FileNotFoundException("face model file " + file + " is not packaged; run the Maven build, or "
                    + "set notifications.faces.model-dir to a directory holding face-api's model/ files");
        }
        return in;
    }

    private OrtSession.SessionOptions options() throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(Math.max(1, properties.threads()));
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        return options;
    }

    @Override
    public void destroy() throws Exception {
        for (AutoCloseable net : loaded.values()) {
            net.close();
        }
        loaded.clear();
    }
}
