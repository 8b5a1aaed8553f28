package io.notifications.faces.model;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Writes an ONNX graph node by node, with the few operators the face models need, in ONNX's NCHW layout. The
 * TF.js filters are converted on the way in: regular ones from {@code [kh, kw, in, out]} to
 * {@code [out, in, kh, kw]}, depthwise ones from {@code [kh, kw, C, 1]} to {@code [C, 1, kh, kw]}.
 */
public final class OnnxGraph {

    private static final int OPSET = 17;

    private final GraphProto.Builder graph;
    private int nodes;

    public OnnxGraph(String name) {
        this.graph = GraphProto.newBuilder().setName(name);
    }

    /** A float input of the given shape; -1 for a dimension the caller chooses per run. */
    public String input(String name, long... dims) {
        graph.addInput(valueInfo(name, dims));
        return name;
    }

    /**
     * An NHWC RGB input of 0–255 values (-1 for a side chosen per run), normalised as face-api normalises,
     * {@code (x - mean) / divisor}, after the black padding (so padding is not zero to the network), and turned
     * to NCHW.
     */
    public String normalisedImage(long side, float[] meanRgb, float divisor) {
        String x = input("image", 1, side, side, 3);
        x = node("Sub", List.of(x, constant("mean", meanRgb, 3)));
        x = node("Div", List.of(x, constant("scale", new float[] {divisor})));
        return transpose(x, 0, 3, 1, 2);
    }

    public void output(String value, String name) {
        graph.addNode(NodeProto.newBuilder().setOpType("Identity").addInput(value).addOutput(name)
                .setName("output_" + name));
        graph.addOutput(ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE))));
    }

    /** A float constant. */
    public String constant(String name, float[] values, long... dims) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name)
                .setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setRawData(com.google.protobuf.ByteString.copyFrom(bytes.array()));
        for (long dim : dims) {
            tensor.addDims(dim);
        }
        graph.addInitializer(tensor);
        return name;
    }

    /** An int64 constant, e.g. a shape for Reshape. */
    public String constantLongs(String name, long... values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asLongBuffer().put(values);
        graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
                .addDims(values.length).setRawData(com.google.protobuf.ByteString.copyFrom(bytes.array())));
        return name;
    }

    /** Adds a node and returns its (single) output's name. */
    public String node(String op, List<String> inputs, AttributeProto... attributes) {
        String output = op.toLowerCase() + "_" + (nodes++);
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(op).setName(output).addOutput(output)
                .addAllInput(inputs);
        for (AttributeProto attribute : attributes) {
            node.addAttribute(attribute);
        }
        graph.addNode(node);
        return output;
    }

    /**
     * A convolution with TF's "same" padding (uneven, extra at the end: SAME_UPPER) or "valid", from a TF.js
     * filter, with an optional bias.
     */
    public String conv(String x, String name, TfjsWeights.Tensor filter, float[] bias, int stride, boolean same,
                       boolean depthwise) {
        int[] s = filter.shape();
        int kh = s[0];
        int kw = s[1];
        int in = s[2];
        int out = s[3];
        float[] oihw;
        long[] dims;
        if (depthwise) {
            // [kh, kw, C, 1] -> [C, 1, kh, kw]
            oihw = new float[in * kh * kw];
            for (int c = 0; c < in; c++) {
                for (int y = 0; y < kh; y++) {
                    for (int z = 0; z < kw; z++) {
                        oihw[(c * kh + y) * kw + z] = filter.values()[(y * kw + z) * in + c];
                    }
                }
            }
            dims = new long[] {in, 1, kh, kw};
        } else {
            // [kh, kw, in, out] -> [out, in, kh, kw]
            oihw = new float[out * in * kh * kw];
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < in; i++) {
                    for (int y = 0; y < kh; y++) {
                        for (int z = 0; z < kw; z++) {
                            oihw[((o * in + i) * kh + y) * kw + z] = filter.values()[((y * kw + z) * in + i) * out + o];
                        }
                    }
                }
            }
            dims = new long[] {out, in, kh, kw};
        }
        return conv(x, name, oihw, dims, bias, stride, same, depthwise ? in : 1);
    }

    /** A convolution from a filter already in ONNX layout {@code [out, in/group, kh, kw]}. */
    public String conv(String x, String name, float[] oihw, long[] dims, float[] bias, int stride, boolean same,
                       int group) {
        String w = constant(name + "/W", oihw, dims);
        List<String> inputs = bias == null ? List.of(x, w)
                : List.of(x, w, constant(name + "/B", bias, bias.length));
        return node("Conv", inputs,
                ints("kernel_shape", dims[2], dims[3]),
                ints("strides", stride, stride),
                string("auto_pad", same ? "SAME_UPPER" : "VALID"),
                integer("group", group));
    }

    public String maxPool(String x, int size, int stride, boolean same) {
        return node("MaxPool", List.of(x), ints("kernel_shape", size, size), ints("strides", stride, stride),
                string("auto_pad", same ? "SAME_UPPER" : "VALID"));
    }

    public String transpose(String x, long... perm) {
        return node("Transpose", List.of(x), ints("perm", perm));
    }

    public String reshape(String x, String name, long... shape) {
        return node("Reshape", List.of(x, constantLongs(name + "/shape", shape)));
    }

    public byte[] toModelBytes() {
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("notifications-api")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph).build().toByteArray();
    }

    public static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder attribute = AttributeProto.newBuilder().setName(name)
                .setType(AttributeProto.AttributeType.INTS);
        for (long value : values) {
            attribute.addInts(value);
        }
        return attribute.build();
    }

    public static AttributeProto integer(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    public static AttributeProto real(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
    }

    public static AttributeProto string(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(com.google.protobuf.ByteString.copyFromUtf8(value)).build();
    }

    private static ValueInfoProto valueInfo(String name, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long dim : dims) {
            shape.addDim(dim < 0 ? TensorShapeProto.Dimension.newBuilder().setDimParam("d" + shape.getDimCount())
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(dim));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE)
                        .setShape(shape))).build();
    }
}
