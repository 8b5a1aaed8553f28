package io.notifications.faces.model;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.notifications.faces.RgbImage;
import java.util.List;

/**
 * face-api's FaceRecognitionNet (dlib's ResNet-34-like face descriptor, public domain) as an ONNX graph: a face
 * crop padded centred to a square and resized to 150×150 gives 128 numbers, and crops of the same person lie
 * close together (Euclidean distance under about 0.6). A 7×7 conv down and a 3×3 max pool, then residual blocks of
 * 32, 64, 128 and 256 channels, some down-sampling (3×3 conv of stride 2, shortcut a 2×2 average pool padded with
 * zero channels), a global average pool and a fully connected layer to 128.
 */
public final class FaceDescriptorNet implements AutoCloseable {

    public static final String WEIGHTS = "face_recognition_model";
    public static final int INPUT_SIZE = 150;
    private static final float[] MEAN_RGB = {122.782f, 117.001f, 104.298f};

    private final OnnxNet net;

    public FaceDescriptorNet(OrtEnvironment environment, TfjsWeights weights, OrtSession.SessionOptions options)
            throws OrtException {
        this.net = new OnnxNet(environment, graph(weights), options);
    }

    static byte[] graph(TfjsWeights w) {
        OnnxGraph g = new OnnxGraph("face_recognition_net");
        String x = g.normalisedImage(INPUT_SIZE, MEAN_RGB, 255f);
        Block out = new Block(x, 3, INPUT_SIZE);
        out = conv(g, w, out, "conv32_down", 2, true);
        out = new Block(g.maxPool(out.value, 3, 2, false), out.channels, valid(out.size, 3, 2));
        for (String block : List.of("conv32_1", "conv32_2", "conv32_3", "conv64_down", "conv64_1", "conv64_2",
                "conv64_3", "conv128_down", "conv128_1", "conv128_2", "conv256_down", "conv256_1", "conv256_2",
                "conv256_down_out")) {
            out = block.contains("down") ? residualDown(g, w, out, block) : residual(g, w, out, block);
        }
        x = g.node("GlobalAveragePool", List.of(out.value));
        x = g.reshape(x, "flatten", 1, out.channels);
        TfjsWeights.Tensor fc = w.get("fc");
        x = g.node("MatMul", List.of(x, g.constant("fc", fc.values(), fc.shape()[0], fc.shape()[1])));
        g.output(x, "descriptor");
        return g.toModelBytes();
    }

    /** A value of the graph with its channels and (square) side, which the down-sampling blocks need. */
    private record Block(String value, int channels, int size) {
    }

    private static Block residual(OnnxGraph g, TfjsWeights w, Block x, String name) {
        Block out = conv(g, w, x, name + "/conv1", 1, true);
        out = conv(g, w, out, name + "/conv2", 1, false);
        return new Block(relu(g, g.node("Add", List.of(out.value, x.value))), out.channels, out.size);
    }

    private static Block residualDown(OnnxGraph g, TfjsWeights w, Block x, String name) {
        Block out = conv(g, w, x, name + "/conv1", 2, true);
        out = conv(g, w, out, name + "/conv2", 1, false);
        String pooled = g.node("AveragePool", List.of(x.value), OnnxGraph.ints("kernel_shape", 2, 2),
                OnnxGraph.ints("strides", 2, 2));
        int pooledSize = valid(x.size, 2, 2);
        String main = out.value;
        if (out.size != pooledSize) {
            // face-api appends a row and a column of zeros to the (smaller) conv output
            int extra = pooledSize - out.size;
            main = g.node("Pad", List.of(main, g.constantLongs(name + "/pad", 0, 0, 0, 0, 0, 0, extra, extra)));
        }
        if (x.channels != out.channels) {
            // and zero channels after the shortcut's
            int extra = out.channels - x.channels;
            pooled = g.node("Pad", List.of(pooled,
                    g.constantLongs(name + "/pad_channels", 0, 0, 0, 0, 0, extra, 0, 0)));
        }
        return new Block(relu(g, g.node("Add", List.of(pooled, main))), out.channels, pooledSize);
    }

    /**
     * face-api's conv layer: conv, bias, then a per-channel scale ({@code * weights + biases}), folded here into
     * the conv's filter and bias. Stride 2 is "valid" padding, stride 1 TF's "same".
     */
    private static Block conv(OnnxGraph g, TfjsWeights w, Block x, String name, int stride, boolean relu) {
        TfjsWeights.Tensor filters = w.get(name + "/conv/filters");
        float[] bias = w.get(name + "/conv/bias").values();
        float[] scale = w.get(name + "/scale/weights").values();
        float[] shift = w.get(name + "/scale/biases").values();
        int out = filters.shape()[3];
        float[] folded = filters.values().clone();
        for (int i = 0; i < folded.length; i++) {
            // [kh, kw, in, out]: the output channel varies fastest
            folded[i] *= scale[i % out];
        }
        float[] foldedBias = new float[out];
        for (int o = 0; o < out; o++) {
            foldedBias[o] = bias[o] * scale[o] + shift[o];
        }
        boolean same = stride == 1;
        String y = g.conv(x.value, name, new TfjsWeights.Tensor(name, filters.shape(), folded), foldedBias, stride,
                same, false);
        int size = same ? x.size : valid(x.size, filters.shape()[0], stride);
        return new Block(relu ? relu(g, y) : y, out, size);
    }

    private static int valid(int size, int kernel, int stride) {
        return (size - kernel) / stride + 1;
    }

    private static String relu(OnnxGraph g, String x) {
        return g.node("Relu", List.of(x));
    }

    /**
     * The 128-d descriptor of a face crop, as face-api's {@code computeFaceDescriptor} gives it for the crop as
     * input: padded centred to a square with black, resized to 150×150 (TF's legacy bilinear) and run.
     */
    public float[] descriptor(RgbImage faceCrop) throws OrtException {
        return net.run(faceCrop.squareInput(INPUT_SIZE, true), INPUT_SIZE).get("descriptor");
    }

    @Override
    public void close() throws OrtException {
        net.close();
    }
}
