package io.notifications.faces.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The weights of one face-api model as TF.js stores them: a {@code *-weights_manifest.json} naming each tensor's
 * shape and encoding, and binary shards holding the values back to back. Quantised tensors are dequantised to
 * float32 as {@code q * scale + min}.
 */
public final class TfjsWeights {

    /** One weight tensor in TF.js layout (filters are {@code [kh, kw, in, out]}). */
    public record Tensor(String name, int[] shape, float[] values) {

        public int size() {
            return values.length;
        }
    }

    /** Opens a file of the model directory by name: the manifest, or a shard it names. */
    @FunctionalInterface
    public interface Files {
        InputStream open(String fileName) throws IOException;
    }

    private final Map<String, Tensor> tensors;

    private TfjsWeights(Map<String, Tensor> tensors) {
        this.tensors = tensors;
    }

    /** Reads {@code <model>-weights_manifest.json} and its shards. */
    public static TfjsWeights load(Files files, String model) {
        try {
            JsonNode manifest;
            try (InputStream in = files.open(model + "-weights_manifest.json")) {
                manifest = new ObjectMapper().readTree(in);
            }
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (JsonNode group : manifest) {
                ByteArrayOutputStream data = new ByteArrayOutputStream();
                for (JsonNode path : group.path("paths")) {
                    try (InputStream in = files.open(path.asText())) {
                        in.transferTo(data);
                    }
                }
                ByteBuffer buffer = ByteBuffer.wrap(data.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
                for (JsonNode weight : group.path("weights")) {
                    Tensor tensor = read(weight, buffer);
                    tensors.put(tensor.name(), tensor);
                }
            }
            return new TfjsWeights(tensors);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the weights of face model " + model, e);
        }
    }

    private static Tensor read(JsonNode weight, ByteBuffer buffer) {
        String name = weight.path("name").asText();
        JsonNode shapeNode = weight.path("shape");
        int[] shape = new int[shapeNode.size()];
        int count = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asInt();
            count *= shape[i];
        }
        float[] values = new float[count];
        JsonNode quantization = weight.get("quantization");
        String dtype = weight.path("dtype").asText("float32");
        if (quantization != null) {
            double scale = quantization.path("scale").asDouble();
            double min = quantization.path("min").asDouble();
            String stored = quantization.path("dtype").asText();
            for (int i = 0; i < count; i++) {
                int q = switch (stored) {
                    case "uint8" -> buffer.get() & 0xFF;
                    case "uint16" -> buffer.getShort() & 0xFFFF;
                    default -> throw new IllegalArgumentException(name + ": quantisation " + stored + " not supported");
                };
                values[i] = (float) (q * scale + min);
            }
        } else if (dtype.equals("float32")) {
            for (int i = 0; i < count; i++) {
                values[i] = buffer.getFloat();
            }
        } else if (dtype.equals("int32")) {
            for (int i = 0; i < count; i++) {
                values[i] = buffer.getInt();
            }
        } else {
            throw new IllegalArgumentException(name + ": dtype " + dtype + " not supported");
        }
        return new Tensor(name, shape, values);
    }

    public Tensor get(String name) {
        Tensor tensor = tensors.get(name);
        if (tensor == null) {
            throw new IllegalArgumentException("No weight " + name + " in the model; it has " + tensors.keySet());
        }
        return tensor;
    }

    public boolean has(String name) {
        return tensors.containsKey(name);
    }

    public Map<String, Tensor> all() {
        return tensors;
    }
}
