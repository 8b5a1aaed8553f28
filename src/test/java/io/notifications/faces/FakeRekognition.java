package io.notifications.faces;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;

/**
 * Amazon Rekognition's JSON API over HTTP, for tests: no emulator of it exists. Requests are routed on
 * {@code X-Amz-Target} as the real service routes them, signed requests are checked for the expected access key,
 * and errors come back as Rekognition's {@code __type} documents. Behind it, faces are really found and compared
 * by the offline models (tiny, and descriptors), so results depend on the pictures sent. Similarity is
 * {@code 100 − 40 × distance}: the offline threshold 0.5 lies at Rekognition's default 80.
 */
public final class FakeRekognition implements AutoCloseable {

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final FaceModels models;
    private final FaceRecognizer recognizer;
    private final Map<String, Map<String, IndexedFace>> collections = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private volatile String acceptedAccessKey;

    record IndexedFace(String faceId, String externalImageId, float[] descriptor) {
    }

    private static final class RekognitionError extends RuntimeException {
        final String type;

        RekognitionError(String type, String message) {
            super(message);
            this.type = type;
        }
    }

    public FakeRekognition(String acceptedAccessKey) throws IOException {
        this.acceptedAccessKey = acceptedAccessKey;
        FacesProperties properties = new FacesProperties(null, 1, 50_000_000, 3600, 160);
        this.models = new FaceModels(properties);
        this.recognizer = new FaceRecognizer(models);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** From now on only requests signed with this access key are admitted. */
    public void acceptAccessKey(String accessKey) {
        this.acceptedAccessKey = accessKey;
    }

    /** The ExternalImageIds of the faces in a collection; null when it does not exist. */
    public List<String> externalIds(String collection) {
        Map<String, IndexedFace> faces = collections.get(collection);
        return faces == null ? null : faces.values().stream().map(IndexedFace::externalImageId).sorted().toList();
    }

    /** As if someone deleted the collection in the AWS console. */
    public void dropCollection(String collection) {
        collections.remove(collection);
    }

    /** As if someone indexed a face of their own into the collection. */
    public void addStrayFace(String collection, String externalImageId) {
        collections.get(collection).put("stray", new IndexedFace("stray", externalImageId, new float[128]));
    }

    public int calls(String operation) {
        return calls.getOrDefault(operation, new AtomicInteger()).get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            String operation = target.substring(target.indexOf('.') + 1);
            calls.computeIfAbsent(operation, o -> new AtomicInteger()).incrementAndGet();
            int status = 200;
            JsonNode response;
            try {
                checkSignature(exchange.getRequestHeaders().getFirst("Authorization"));
                if (!target.startsWith("RekognitionService.")) {
                    throw new RekognitionError("UnknownOperationException", "Unknown target " + target);
                }
                response = operate(operation, json.readTree(exchange.getRequestBody()));
            } catch (RekognitionError e) {
                status = 400;
                response = json.createObjectNode().put("__type", e.type).put("Message", e.getMessage());
            } catch (Exception e) {
                status = 500;
                response = json.createObjectNode().put("__type", "InternalServerError").put("Message", e.toString());
            }
            byte[] body = json.writeValueAsBytes(response);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
            exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private void checkSignature(String authorization) {
        if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 ")) {
            throw new RekognitionError("MissingAuthenticationTokenException",
                    "Request is missing Authentication Token");
        }
        if (!authorization.contains("Credential=" + acceptedAccessKey + "/")
                || !authorization.contains("/rekognition/aws4_request")) {
            throw new RekognitionError("UnrecognizedClientException",
                    "The security token included in the request is invalid.");
        }
    }

    private JsonNode operate(String operation, JsonNode request) throws Exception {
        return switch (operation) {
            case "CreateCollection" -> {
                String id = request.path("CollectionId").asText();
                if (collections.putIfAbsent(id, new ConcurrentHashMap<>()) != null) {
                    throw new RekognitionError("ResourceAlreadyExistsException",
                            "The collection id: " + id + " already exists");
                }
                yield json.createObjectNode().put("StatusCode", 200)
                        .put("CollectionArn", "aws:rekognition:us-east-1:000000000000:collection/" + id)
                        .put("FaceModelVersion", "7.0");
            }
            case "ListCollections" -> {
                ObjectNode response = json.createObjectNode();
                ArrayNode ids = response.putArray("CollectionIds");
                collections.keySet().stream().sorted().forEach(ids::add);
                yield response;
            }
            case "ListFaces" -> listFaces(request);
            case "DeleteFaces" -> {
                Map<String, IndexedFace> faces = collection(request);
                ObjectNode response = json.createObjectNode();
                ArrayNode deleted = response.putArray("DeletedFaces");
                request.path("FaceIds").forEach(id -> {
                    if (faces.remove(id.asText()) != null) {
                        deleted.add(id.asText());
                    }
                });
                yield response;
            }
            case "DetectFaces" -> {
                BufferedImage picture = picture(request);
                ObjectNode response = json.createObjectNode();
                ArrayNode details = response.putArray("FaceDetails");
                for (DetectedFace face : faces(RgbImage.of(picture))) {
                    details.add(detail(face, picture));
                }
                yield response;
            }
            case "IndexFaces" -> indexFaces(request);
            case "SearchFacesByImage" -> search(request);
            default -> throw new RekognitionError("UnknownOperationException", "Unknown operation " + operation);
        };
    }

    private JsonNode listFaces(JsonNode request) {
        List<IndexedFace> faces = collection(request).values().stream()
                .sorted(Comparator.comparing(IndexedFace::faceId)).toList();
        int from = request.path("NextToken").asInt(0);
        int size = request.path("MaxResults").asInt(2);
        ObjectNode response = json.createObjectNode();
        ArrayNode page = response.putArray("Faces");
        // Small pages, so that callers must follow NextToken
        for (IndexedFace face : faces.subList(Math.min(from, faces.size()), Math.min(from + size, faces.size()))) {
            page.addObject().put("FaceId", face.faceId()).put("ExternalImageId", face.externalImageId())
                    .put("ImageId", UUID.nameUUIDFromBytes(face.faceId().getBytes()).toString())
                    .put("Confidence", 99.9);
        }
        if (from + size < faces.size()) {
            response.put("NextToken", String.valueOf(from + size));
        }
        response.put("FaceModelVersion", "7.0");
        return response;
    }

    private JsonNode indexFaces(JsonNode request) throws Exception {
        Map<String, IndexedFace> faces = collection(request);
        BufferedImage picture = picture(request);
        RgbImage image = RgbImage.of(picture);
        int maxFaces = request.path("MaxFaces").asInt(100);
        ObjectNode response = json.createObjectNode();
        ArrayNode records = response.putArray("FaceRecords");
        List<DetectedFace> found = faces(image).stream()
                .sorted(Comparator.comparingDouble((DetectedFace f) -> f.width() * f.height()).reversed())
                .limit(maxFaces).toList();
        for (DetectedFace face : found) {
            IndexedFace indexed = new IndexedFace(UUID.randomUUID().toString(),
                    request.path("ExternalImageId").asText(null), recognizer.describe(image, face));
            faces.put(indexed.faceId(), indexed);
            ObjectNode record = records.addObject();
            ObjectNode stored = record.putObject("Face").put("FaceId", indexed.faceId())
                    .put("ImageId", UUID.randomUUID().toString()).put("Confidence", face.score() * 100);
            if (indexed.externalImageId() != null) {
                stored.put("ExternalImageId", indexed.externalImageId());
            }
            stored.set("BoundingBox", box(face, picture));
            record.set("FaceDetail", detail(face, picture));
        }
        response.putArray("UnindexedFaces");
        response.put("FaceModelVersion", "7.0");
        return response;
    }

    private JsonNode search(JsonNode request) throws Exception {
        Map<String, IndexedFace> faces = collection(request);
        BufferedImage picture = picture(request);
        RgbImage image = RgbImage.of(picture);
        DetectedFace largest = faces(image).stream()
                .max(Comparator.comparingDouble(f -> f.width() * f.height()))
                .orElseThrow(() -> new RekognitionError("InvalidParameterException",
                        "There are no faces in the image. Should be at least 1."));
        float[] descriptor = recognizer.describe(image, largest);
        double threshold = request.path("FaceMatchThreshold").asDouble(80);
        int maxFaces = request.path("MaxFaces").asInt(4096);
        Map<IndexedFace, Double> similarities = new LinkedHashMap<>();
        for (IndexedFace face : faces.values()) {
            double similarity = Math.max(0, 100 - 40 * FaceRecognizer.distance(face.descriptor(), descriptor));
            if (similarity >= threshold) {
                similarities.put(face, similarity);
            }
        }
        ObjectNode response = json.createObjectNode();
        response.set("SearchedFaceBoundingBox", box(largest, picture));
        response.put("SearchedFaceConfidence", largest.score() * 100);
        ArrayNode matches = response.putArray("FaceMatches");
        similarities.entrySet().stream().sorted(Map.Entry.<IndexedFace, Double>comparingByValue().reversed())
                .limit(maxFaces).forEach(match -> {
                    ObjectNode face = matches.addObject().put("Similarity", match.getValue()).putObject("Face");
                    face.put("FaceId", match.getKey().faceId()).put("Confidence", 99.9);
                    if (match.getKey().externalImageId() != null) {
                        face.put("ExternalImageId", match.getKey().externalImageId());
                    }
                });
        response.put("FaceModelVersion", "7.0");
        return response;
    }

    private Map<String, IndexedFace> collection(JsonNode request) {
        String id = request.path("CollectionId").asText();
        Map<String, IndexedFace> faces = collections.get(id);
        if (faces == null) {
            throw new RekognitionError("ResourceNotFoundException", "The collection id: " + id + " does not exist");
        }
        return faces;
    }

    private BufferedImage picture(JsonNode request) throws IOException {
        JsonNode bytes = request.path("Image").path("Bytes");
        if (!bytes.isTextual()) {
            throw new RekognitionError("InvalidParameterException", "Image.Bytes is required");
        }
        BufferedImage picture = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(bytes.asText())));
        if (picture == null) {
            throw new RekognitionError("InvalidImageFormatException", "Request has invalid image format");
        }
        if (picture.getWidth() < 80 || picture.getHeight() < 80) {
            throw new RekognitionError("InvalidParameterException", "Minimum image dimensions are 80 x 80 pixels");
        }
        return picture;
    }

    /** Tiny at the picture's own size up to 512: enlarged, a small picture's one face is found less surely. */
    private List<DetectedFace> faces(RgbImage image) throws Exception {
        int size = Math.min(512, Math.max(160, (Math.max(image.width(), image.height()) + 31) / 32 * 32));
        return models.detector("tiny").detect(image, size, 0.5, 100);
    }

    private ObjectNode detail(DetectedFace face, BufferedImage picture) {
        ObjectNode detail = json.createObjectNode();
        detail.set("BoundingBox", box(face, picture));
        detail.put("Confidence", face.score() * 100);
        return detail;
    }

    private ObjectNode box(DetectedFace face, BufferedImage picture) {
        return json.createObjectNode()
                .put("Width", face.width() / picture.getWidth()).put("Height", face.height() / picture.getHeight())
                .put("Left", face.x() / picture.getWidth()).put("Top", face.y() / picture.getHeight());
    }

    @Override
    public void close() throws Exception {
        server.stop(0);
        models.destroy();
    }
}
