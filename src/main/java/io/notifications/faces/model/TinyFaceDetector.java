package io.notifications.faces.model;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.notifications.faces.DetectedFace;
import io.notifications.faces.RgbImage;
import java.util.ArrayList;
import java.util.List;

/**
 * face-api's Tiny Face Detector (a Tiny YOLO v2 with depthwise separable convolutions, trained by face-api's
 * author, MIT) as an ONNX graph: 3×3 conv, five separable convs with 2×2 max pools, a 1×1 head giving five
 * anchor boxes per cell of a 13×13 grid (at input 416). Input: any multiple of 32.
 */
public final class TinyFaceDetector implements FaceDetectorModel {

    public static final String WEIGHTS = "tiny_face_detector_model";
    private static final float[] MEAN_RGB = {117.001f, 114.697f, 97.404f};
    private static final double[][] ANCHORS = {
            {1.603231, 2.094468}, {6.041143, 7.080126}, {2.882459, 3.518061}, {4.266906, 5.178857}, {9.041765, 10.66308}};
    private static final double IOU_THRESHOLD = 0.4;

    private final OnnxNet net;

    public TinyFaceDetector(OrtEnvironment environment, TfjsWeights weights, OrtSession.SessionOptions options)
            throws OrtException {
        this.net = new OnnxNet(environment, graph(weights), options);
    }

    static byte[] graph(TfjsWeights w) {
        OnnxGraph g = new OnnxGraph("tiny_face_detector");
        String x = g.normalisedImage(-1, MEAN_RGB, 255f);
        x = leaky(g, g.conv(x, "conv0", w.get("conv0/filters"), w.get("conv0/bias").values(), 1, false, false));
        for (int i = 1; i <= 5; i++) {
            x = g.maxPool(x, 2, 2, true);
            x = separable(g, x, w, "conv" + i);
        }
        x = g.maxPool(x, 2, 1, true);
        for (int i = 6; i <= 7; i++) {
            if (w.has("conv" + i + "/depthwise_filter")) {
                x = separable(g, x, w, "conv" + i);
            }
        }
        x = g.conv(x, "conv8", w.get("conv8/filters"), w.get("conv8/bias").values(), 1, false, false);
        g.output(g.transpose(x, 0, 2, 3, 1), "grid");
        return g.toModelBytes();
    }

    private static String separable(OnnxGraph g, String x, TfjsWeights w, String name) {
        String depthwise = g.conv(x, name + "/depthwise", w.get(name + "/depthwise_filter"), null, 1, true, true);
        return leaky(g, g.conv(depthwise, name + "/pointwise", w.get(name + "/pointwise_filter"),
                w.get(name + "/bias").values(), 1, false, false));
    }

    private static String leaky(OnnxGraph g, String x) {
        return g.node("LeakyRelu", List.of(x), OnnxGraph.real("alpha", 0.1f));
    }

    @Override
    public List<DetectedFace> detect(RgbImage image, int inputSize, double scoreThreshold, int maxFaces)
            throws OrtException {
        float[] grid = net.run(image.squareInput(inputSize, false), inputSize).get("grid");
        // A square grid of cells, each with five anchors of five numbers
        int cells = (int) Math.round(Math.sqrt(grid.length / (ANCHORS.length * 5.0)));
        // Boxes relative to the image: the padding is taken out again by the correction factors
        double side = Math.max(image.width(), image.height());
        double reshapedWidth = Math.round(image.width() * inputSize / side);
        double reshapedHeight = Math.round(image.height() * inputSize / side);
        double correctionX = inputSize / reshapedWidth;
        double correctionY = inputSize / reshapedHeight;
        List<double[]> boxes = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        int stride = ANCHORS.length * 5;
        for (int row = 0; row < cells; row++) {
            for (int col = 0; col < cells; col++) {
                for (int anchor = 0; anchor < ANCHORS.length; anchor++) {
                    int o = (row * cells + col) * stride + anchor * 5;
                    double score = sigmoid(grid[o + 4]);
                    if (score <= scoreThreshold) {
                        continue;
                    }
                    double centreX = (col + sigmoid(grid[o])) / cells * correctionX;
                    double centreY = (row + sigmoid(grid[o + 1])) / cells * correctionY;
                    double w = Math.exp(grid[o + 2]) * ANCHORS[anchor][0] / cells * correctionX;
                    double h = Math.exp(grid[o + 3]) * ANCHORS[anchor][1] / cells * correctionY;
                    boxes.add(new double[] {centreX - w / 2, centreY - h / 2, centreX + w / 2, centreY + h / 2});
                    scores.add(score);
                }
            }
        }
        List<DetectedFace> faces = new ArrayList<>();
        for (int i : NonMaxSuppression.select(boxes, scores, IOU_THRESHOLD, maxFaces)) {
            faces.add(FaceDetectorModel.inPixels(boxes.get(i), scores.get(i), image));
        }
        return faces;
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    @Override
    public void close() throws OrtException {
        net.close();
    }
}
