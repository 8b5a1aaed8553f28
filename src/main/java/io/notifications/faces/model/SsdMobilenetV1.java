package io.notifications.faces.model;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.notifications.faces.DetectedFace;
import io.notifications.faces.RgbImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * face-api's SSD MobileNet V1 face detector (weights from yeephycho/tensorflow-face-detection, Apache-2.0, trained on
 * the WIDER FACE dataset with TF's object detection API) as an ONNX graph: MobileNet V1 (13 depthwise separable blocks, ReLU6), four extra feature layers, and
 * six box/class predictors over feature maps of 32², 16², 8², 4², 2² and 1² cells, 5118 anchors in all.
 *
 * <p>The input size is fixed at 512: the anchors ({@code Output/extra_dim} in the weights) are laid out for the
 * 512 × 512 input, so {@link #detect}'s {@code inputSize} is ignored. As in face-api, the image is padded with
 * black at the bottom or right to a square, resized to 512 (TF legacy bilinear), then scaled to −1..1, so the
 * padding is −1 to the network. Candidates scoring above the threshold go through face-api's hard NMS at IoU 0.5.
 */
public final class SsdMobilenetV1 implements FaceDetectorModel {

    public static final String WEIGHTS = "ssd_mobilenetv1_model";
    /** face-api's SSD input size; the anchors are for it, so it cannot change. */
    public static final int INPUT_SIZE = 512;
    private static final double IOU_THRESHOLD = 0.5;
    /** tfjs batchNorm's variance epsilon as face-api calls it. */
    private static final double BATCH_NORM_EPSILON = 0.0010000000474974513;
    private static final int[] STRIDE_TWO = {2, 4, 6, 12};

    private final OnnxNet net;
    /** Anchors {@code [ymin, xmin, ymax, xmax]} each, relative to the padded square. */
    private final float[] anchors;

    public SsdMobilenetV1(OrtEnvironment environment, TfjsWeights weights, OrtSession.SessionOptions options)
            throws OrtException {
        this.anchors = weights.get("Output/extra_dim").values().clone();
        this.net = new OnnxNet(environment, graph(weights), options);
    }

    /**
     * The network up to the raw predictions: {@code boxes [1, 5118, 4]} (ty, tx, th, tw against the anchors) and
     * {@code classes [1, 5118, 3]} (logits: background, face, unused). Input: NHWC RGB 0–255, 512 × 512.
     */
    static byte[] graph(TfjsWeights w) {
        OnnxGraph g = new OnnxGraph("ssd_mobilenetv1");
        String x = g.input("image", 1, INPUT_SIZE, INPUT_SIZE, 3);
        // face-api: x * 0.007843137718737125 - 1, after the black padding
        x = g.node("Mul", List.of(x, g.constant("scale", new float[] {0.007843137718737125f})));
        x = g.node("Sub", List.of(x, g.constant("one", new float[] {1f})));
        x = g.transpose(x, 0, 3, 1, 2);
        g.constant("relu6/min", new float[] {0f});
        g.constant("relu6/max", new float[] {6f});

        x = pointwise(g, x, w, "MobilenetV1/Conv2d_0_pointwise", 2);
        String conv11 = null;
        for (int i = 1; i <= 13; i++) {
            int block = i;
            int stride = IntStream.of(STRIDE_TWO).anyMatch(s -> s == block) ? 2 : 1;
            x = depthwise(g, x, w, "MobilenetV1/Conv2d_" + i + "_depthwise", stride);
            x = pointwise(g, x, w, "MobilenetV1/Conv2d_" + i + "_pointwise", 1);
            if (i == 11) {
                conv11 = x;
            }
        }
        // Extra feature layers: 1x1 then 3x3 stride 2, four times
        List<String> features = new ArrayList<>(List.of(conv11, x));
        String y = x;
        for (int i = 0; i < 8; i++) {
            y = pointwise(g, y, w, "Prediction/Conv2d_" + i + "_pointwise", i % 2 == 0 ? 1 : 2);
            if (i % 2 == 1) {
                features.add(y);
            }
        }
        List<String> boxes = new ArrayList<>();
        List<String> classes = new ArrayList<>();
        for (int i = 0; i < features.size(); i++) {
            String predictor = "Prediction/BoxPredictor_" + i;
            boxes.add(head(g, features.get(i), w, predictor + "/BoxEncodingPredictor", 4));
            classes.add(head(g, features.get(i), w, predictor + "/ClassPredictor", 3));
        }
        g.output(g.node("Concat", boxes, OnnxGraph.integer("axis", 1)), "boxes");
        g.output(g.node("Concat", classes, OnnxGraph.integer("axis", 1)), "classes");
        return g.toModelBytes();
    }

    /** face-api's pointwiseConvLayer (any kernel size): conv 'same' + batch-norm offset, ReLU6. */
    private static String pointwise(OnnxGraph g, String x, TfjsWeights w, String name, int stride) {
        return relu6(g, g.conv(x, name, w.get(name + "/weights"), w.get(name + "/convolution_bn_offset").values(),
                stride, true, false));
    }

    /** face-api's depthwiseConvLayer: depthwise 3×3 'same', batch norm (folded into the filter here), ReLU6. */
    private static String depthwise(OnnxGraph g, String x, TfjsWeights w, String name, int stride) {
        TfjsWeights.Tensor filter = w.get(name + "/depthwise_weights");
        float[] gamma = w.get(name + "/BatchNorm/gamma").values();
        float[] beta = w.get(name + "/BatchNorm/beta").values();
        float[] mean = w.get(name + "/BatchNorm/moving_mean").values();
        float[] variance = w.get(name + "/BatchNorm/moving_variance").values();
        int channels = filter.shape()[2];
        double[] scale = new double[channels];
        float[] bias = new float[channels];
        for (int c = 0; c < channels; c++) {
            scale[c] = gamma[c] / Math.sqrt((double) variance[c] + BATCH_NORM_EPSILON);
            bias[c] = (float) (beta[c] - mean[c] * scale[c]);
        }
        float[] folded = filter.values().clone();
        for (int i = 0; i < folded.length; i++) {
            // [kh, kw, C, 1]: the channel varies fastest
            folded[i] = (float) (folded[i] * scale[i % channels]);
        }
        TfjsWeights.Tensor scaled = new TfjsWeights.Tensor(filter.name(), filter.shape(), folded);
        return relu6(g, g.conv(x, name, scaled, bias, stride, true, true));
    }

    /** A box or class predictor: 1×1 conv + bias, to {@code [1, H·W·anchors, size]} in TF's (NHWC) order. */
    private static String head(OnnxGraph g, String x, TfjsWeights w, String name, int size) {
        String y = g.conv(x, name, w.get(name + "/weights"), w.get(name + "/biases").values(), 1, true, false);
        return g.reshape(g.transpose(y, 0, 2, 3, 1), name, 1, -1, size);
    }

    private static String relu6(OnnxGraph g, String x) {
        return g.node("Clip", List.of(x, "relu6/min", "relu6/max"));
    }

    /**
     * Finds faces at face-api's fixed input size of 512; {@code inputSize} is ignored (see the class comment).
     * Scores are sigmoid of the face logit; kept if above {@code scoreThreshold}.
     */
    @Override
    public List<DetectedFace> detect(RgbImage image, int inputSize, double scoreThreshold, int maxFaces)
            throws OrtException {
        float[][] raw = run(image);
        float[] encodings = raw[0];
        float[] logits = raw[1];
        int count = anchors.length / 4;
        List<Integer> candidates = new ArrayList<>();
        float[] scores = new float[count];
        for (int i = 0; i < count; i++) {
            scores[i] = (float) (1 / (1 + Math.exp(-logits[i * 3 + 1])));
            if (scores[i] > scoreThreshold) {
                candidates.add(i);
            }
        }
        // face-api's hard NMS; ties keep the lower anchor first, as its stable Array.sort does
        List<double[]> boxes = new ArrayList<>(candidates.size());
        List<Double> candidateScores = new ArrayList<>(candidates.size());
        for (int i : candidates) {
            float[] box = decode(encodings, i);
            boxes.add(new double[] {box[1], box[0], box[3], box[2]});
            candidateScores.add((double) scores[i]);
        }
        // Back to the image: the boxes are relative to the padded square, clipped to it as face-api does
        double side = Math.max(image.width(), image.height());
        double padX = INPUT_SIZE / (double) Math.round(image.width() * INPUT_SIZE / side);
        double padY = INPUT_SIZE / (double) Math.round(image.height() * INPUT_SIZE / side);
        List<DetectedFace> faces = new ArrayList<>();
        for (int k : NonMaxSuppression.select(boxes, candidateScores, IOU_THRESHOLD, Math.min(maxFaces, count))) {
            double[] b = boxes.get(k);
            double left = Math.max(0, b[0]) * padX;
            double top = Math.max(0, b[1]) * padY;
            double right = Math.min(1.0, b[2]) * padX;
            double bottom = Math.min(1.0, b[3]) * padY;
            faces.add(FaceDetectorModel.inPixels(new double[] {left, top, right, bottom}, candidateScores.get(k),
                    image));
        }
        return faces;
    }

    /** The raw network outputs for an image: box encodings {@code [5118 × 4]} and class logits {@code [5118 × 3]}. */
    float[][] run(RgbImage image) throws OrtException {
        Map<String, float[]> outputs = net.run(image.squareInput(INPUT_SIZE, false), INPUT_SIZE);
        return new float[][] {outputs.get("boxes"), outputs.get("classes")};
    }

    /** face-api's decodeBoxesLayer, in float32 as tfjs computes it: {@code [ymin, xmin, ymax, xmax]}. */
    float[] decode(float[] encodings, int i) {
        int o = i * 4;
        float height = anchors[o + 2] - anchors[o];
        float width = anchors[o + 3] - anchors[o + 1];
        float centreY = anchors[o] + height / 2f;
        float centreX = anchors[o + 1] + width / 2f;
        float halfHeight = (float) Math.exp(encodings[o + 2] / 5f) * height / 2f;
        float halfWidth = (float) Math.exp(encodings[o + 3] / 5f) * width / 2f;
        float y = encodings[o] / 10f * height + centreY;
        float x = encodings[o + 1] / 10f * width + centreX;
        return new float[] {y - halfHeight, x - halfWidth, y + halfHeight, x + halfWidth};
    }

    @Override
    public void close() throws OrtException {
        net.close();
    }
}
