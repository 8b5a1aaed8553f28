package io.notifications.faces.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * One converted face net in an ONNX Runtime session: a square NHWC picture of 0–255 values goes in as
 * {@code image}, its float outputs come out by name. Sessions are safe to share between threads.
 */
final class OnnxNet implements AutoCloseable {

    private final OrtEnvironment environment;
    private final OrtSession session;

    OnnxNet(OrtEnvironment environment, byte[] model, OrtSession.SessionOptions options) throws OrtException {
        this.environment = environment;
        this.session = environment.createSession(model, options);
    }

    /** Runs the net on a {@code side × side} picture; each output flattened, by its name. */
    Map<String, float[]> run(float[] nhwc, int side) throws OrtException {
        try (OnnxTensor tensor = OnnxTensor.createTensor(environment, FloatBuffer.wrap(nhwc),
                new long[] {1, side, side, 3});
             OrtSession.Result result = session.run(Map.of("image", tensor))) {
            Map<String, float[]> outputs = new HashMap<>();
            for (Map.Entry<String, OnnxValue> output : result) {
                FloatBuffer buffer = ((OnnxTensor) output.getValue()).getFloatBuffer();
                float[] values = new float[buffer.remaining()];
                buffer.get(values);
                outputs.put(output.getKey(), values);
            }
            return outputs;
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
