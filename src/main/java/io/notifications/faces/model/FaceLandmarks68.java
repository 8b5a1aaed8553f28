package io.notifications.faces.model;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.notifications.faces.RgbImage;
import java.util.List;

/**
 * face-api's 68-point face landmark net (FaceLandmark68Net, the full model, trained by face-api's author, MIT) as
 * an ONNX graph: four dense blocks (a 3×3 conv then separable convs, the first conv of each block with stride 2,
 * each later conv fed the ReLU of the sum of the earlier outputs) take 112×112 down to 7×7×256, a 7×7 average
 * pool and a fully connected layer give 68 (x, y) pairs relative to the input square.
 */
public final class FaceLandmarks68 implements AutoCloseable {

    public static final String WEIGHTS = "face_landmark_68_model";
    public static final int POINTS = 68;
    private static final int INPUT_SIZE = 112;
    private static final float[] MEAN_RGB = {122.782f, 117.001f, 104.298f};

    private final OnnxNet net;

    public FaceLandmarks68(OrtEnvironment environment, TfjsWeights weights, OrtSession.SessionOptions options)
            throws OrtException {
        this.net = new OnnxNet(environment, graph(weights), options);
    }

    static byte[] graph(TfjsWeights w) {
        OnnxGraph g = new OnnxGraph("face_landmark_68");
        String x = g.normalisedImage(INPUT_SIZE, MEAN_RGB, 255f);
        for (int i = 0; i < 4; i++) {
            x = denseBlock(g, x, w, "dense" + i, i == 0);
        }
        // 7×7 average pool, stride 2, 'valid': on the 7×7 map, the mean over all of it
        x = g.node("AveragePool", List.of(x), OnnxGraph.ints("kernel_shape", 7, 7), OnnxGraph.ints("strides", 2, 2));
        x = g.reshape(x, "flatten", 1, -1);
        TfjsWeights.Tensor fc = w.get("fc/weights");
        String weights = g.constant("fc/W", fc.values(), fc.shape()[0], fc.shape()[1]);
        x = g.node("MatMul", List.of(x, weights));
        x = g.node("Add", List.of(x, g.constant("fc/B", w.get("fc/bias").values(), fc.shape()[1])));
        g.output(x, "landmarks");
        return g.toModelBytes();
    }

    /** face-api's denseBlock4: out_k is a conv of relu(out_1 + … + out_k-1); the block gives relu of their sum. */
    private static String denseBlock(OnnxGraph g, String x, TfjsWeights w, String name, boolean first) {
        String out1 = first
                ? g.conv(x, name + "/conv0", w.get(name + "/conv0/filters"), w.get(name + "/conv0/bias").values(),
                        2, true, false)
                : separable(g, x, w, name + "/conv0", 2);
        out1 = g.node("Relu", List.of(out1));
        String out2 = separable(g, out1, w, name + "/conv1", 1);
        String in3 = g.node("Relu", List.of(g.node("Add", List.of(out1, out2))));
        String out3 = separable(g, in3, w, name + "/conv2", 1);
        String sum23 = g.node("Add", List.of(out2, out3));
        String in4 = g.node("Relu", List.of(g.node("Add", List.of(out1, sum23))));
        String out4 = separable(g, in4, w, name + "/conv3", 1);
        String sum = g.node("Add", List.of(out1, g.node("Add", List.of(out2, g.node("Add", List.of(out3, out4))))));
        return g.node("Relu", List.of(sum));
    }

    /** TF's separableConv2d, 'same' padding: depthwise 3×3 (with the stride), pointwise 1×1, then the bias. */
    private static String separable(OnnxGraph g, String x, TfjsWeights w, String name, int stride) {
        String depthwise = g.conv(x, name + "/depthwise", w.get(name + "/depthwise_filter"), null, stride, true, true);
        return g.conv(depthwise, name + "/pointwise", w.get(name + "/pointwise_filter"), w.get(name + "/bias").values(),
                1, false, false);
    }

    /**
     * The 68 landmarks of a face crop, as {@code [x, y]} in pixels of the crop, as face-api's
     * {@code detectLandmarks} gives them for that crop: centred in a black square, resized to 112, and the outputs
     * mapped back to the crop.
     */
    public double[][] landmarks(RgbImage faceCrop) throws OrtException {
        float[] out = net.run(faceCrop.squareInput(INPUT_SIZE, true), INPUT_SIZE).get("landmarks");
        // face-api's postProcess: the crop's size in the 112 square, and half the difference as the padding (not
        // the whole pixels padToSquare actually added on the leading side, so odd differences shift a little)
        int width = faceCrop.width();
        int height = faceCrop.height();
        double scale = (double) INPUT_SIZE / Math.max(width, height);
        double scaledWidth = width * scale;
        double scaledHeight = height * scale;
        double padX = scaledWidth < scaledHeight ? Math.abs(scaledWidth - scaledHeight) / 2 : 0;
        double padY = scaledHeight < scaledWidth ? Math.abs(scaledWidth - scaledHeight) / 2 : 0;
        double[][] points = new double[POINTS][];
        for (int i = 0; i < POINTS; i++) {
            double x = (out[2 * i] * INPUT_SIZE - padX) / scaledWidth;
            double y = (out[2 * i + 1] * INPUT_SIZE - padY) / scaledHeight;
            points[i] = new double[] {x * width, y * height};
        }
        return points;
    }

    @Override
    public void close() throws OrtException {
        net.close();
    }
}
