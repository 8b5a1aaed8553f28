package io.notifications.faces.eval;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Builds the face-detection evaluation set in {@code src/test/resources/faces/eval/}: its pictures and
 * {@code labels.json}. Every label is known by construction: the faces of the source pictures were found by both
 * of the repository's detectors and checked by eye (see {@link #SOURCES}), and the generated pictures move those
 * boxes with the pixels. Deterministic (fixed seed), so running it again rewrites the same files. Run with
 * {@code java -cp target/test-classes:target/classes io.notifications.faces.eval.EvaluationSetGenerator [dir]}.
 *
 * <p>Kinds: {@code original} (the source pictures), {@code rotated} (±10°, on a canvas grown to hold the corners),
 * {@code halved} (half the width and height), {@code grey-jpeg30} (grey, recompressed at JPEG quality 30),
 * {@code small-face} (face crops 30–120 px high pasted into 1024×768 scenes without faces) and {@code no-face}
 * (animals, objects, textures, and their rotated, halved and grey copies).
 */
public final class EvaluationSetGenerator {

    /** A source picture, where it is read from, and its faces as {@code [x, y, w, h]} in its pixels. */
    record Source(String name, String resource, int[][] faces) {
    }

    /**
     * The faces of the source pictures: the mean of the {@code ssd} and {@code tiny} (input 608) boxes where both
     * found the face (IoU ≥ 0.4, tiny's score ≥ 0.5), else {@code ssd}'s box. Each was checked by viewing the picture
     * with the boxes drawn; no face in these pictures was missed by both. basketball1's second face (a man in profile,
     * turned mostly away) was found by neither and was boxed by hand from a 3× crop.
     */
    static final List<Source> SOURCES = List.of(
            new Source("faceapi-sample1", "faces/eval/faceapi-sample1.jpg", new int[][] {
                    {410, 382, 206, 233}, {824, 434, 225, 239}, {1450, 203, 242, 256}}),
            new Source("faceapi-sample2", "faces/eval/faceapi-sample2.jpg", new int[][] {
                    {1438, 172, 223, 238}, {879, 247, 182, 216}, {361, 126, 153, 259}}),
            new Source("faceapi-sample3", "faces/eval/faceapi-sample3.jpg", new int[][] {
                    {560, 339, 236, 276}, {1514, 292, 170, 280}, {1045, 226, 261, 293}}),
            new Source("faceapi-sample4", "faces/eval/faceapi-sample4.jpg", new int[][] {
                    {655, 80, 212, 244}, {236, 214, 196, 232}, {966, 202, 206, 225}, {1264, 186, 171, 217}}),
            new Source("faceapi-sample5", "faces/eval/faceapi-sample5.jpg", new int[][] {
                    {770, 128, 182, 206}, {1094, 216, 203, 234}, {1390, 410, 206, 262}, {582, 438, 204, 242},
                    {351, 889, 219, 288}}),
            new Source("faceapi-sample6", "faces/eval/faceapi-sample6.jpg", new int[][] {
                    {648, 356, 216, 290}, {1153, 332, 226, 270}, {1466, 292, 242, 285}, {224, 502, 248, 276}}),
            new Source("astronaut", "demo-media/astronaut.png", new int[][] {{170, 75, 102, 106}}),
            new Source("camera", "demo-media/camera.png", new int[][] {{191, 122, 68, 81}}),
            new Source("basketball1", "demo-media/basketball1.png", new int[][] {{62, 92, 47, 51}, {508, 55, 52, 68}}));

    /** basketball1's man in profile, turned mostly away: labelled, but not pasted into the small-face scenes. */
    private static final int[] PROFILE = SOURCES.get(8).faces()[1];

    /** Pictures with no human face: a cat, a cup of coffee, a rocket launch. */
    static final List<Source> NO_FACE = List.of(
            new Source("chelsea-cat", "demo-media/chelsea.png", new int[0][]),
            new Source("coffee", "demo-media/coffee.png", new int[0][]),
            new Source("rocket", "demo-media/rocket.jpg", new int[0][]));

    /** Face heights (px) in the small-face scenes: each scene holds one of each, the first about 30 px. */
    private static final int[] SMALL_HEIGHTS = {30, 44, 64, 110};
    private static final int SCENE_WIDTH = 1024;
    private static final int SCENE_HEIGHT = 768;
    /** Around a pasted face, this share of its box's size is pasted too: hair, ears, chin. */
    private static final double MARGIN = 0.3;

    private final Path dir;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final Random random = new Random(19);

    private EvaluationSetGenerator(Path dir) {
        this.dir = dir;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "src/test/resources/faces/eval");
        Files.createDirectories(dir);
        new EvaluationSetGenerator(dir).generate();
    }

    private void generate() throws IOException {
        int turn = 0;
        for (Source source : SOURCES) {
            BufferedImage picture = read(source.resource());
            List<double[]> faces = boxes(source.faces());
            String original = source.resource().startsWith("faces/eval/")
                    ? source.resource().substring("faces/eval/".length()) : source.name() + ".jpg";
            if (!source.resource().startsWith("faces/eval/")) {
                write(rgb(picture), original, 95);
            }
            label(original, "original", source.resource(), faces);
            variants(source, picture, faces, turn++ % 2 == 0 ? 10 : -10);
        }
        smallFaceScenes();
        for (Source source : NO_FACE) {
            BufferedImage picture = read(source.resource());
            write(rgb(picture), source.name() + ".jpg", 95);
            label(source.name() + ".jpg", "no-face", source.resource(), List.of());
            variants(source, picture, List.of(), turn++ % 2 == 0 ? 10 : -10);
        }
        textures();
        StringBuilder json = new StringBuilder("{\n");
        json.append(labels.entrySet().stream().map(e -> "  \"" + e.getKey() + "\": " + e.getValue())
                .collect(Collectors.joining(",\n")));
        json.append("\n}\n");
        Files.writeString(dir.resolve("labels.json"), json.toString(), StandardCharsets.UTF_8);
        System.out.printf("%d pictures, %d faces written to %s%n", labels.size(),
                labels.values().stream().mapToInt(v -> v.split("\\[\\d").length - 1).sum(), dir);
    }

    /** The rotated, halved and grey-JPEG-30 copies of a picture; no-face pictures stay of kind no-face. */
    private void variants(Source source, BufferedImage picture, List<double[]> faces, double degrees)
            throws IOException {
        boolean none = faces.isEmpty();
        BufferedImage rgb = rgb(picture);
        String from = source.name();

        double angle = Math.toRadians(degrees);
        int w = rgb.getWidth();
        int h = rgb.getHeight();
        double cos = Math.abs(Math.cos(angle));
        double sin = Math.abs(Math.sin(angle));
        int rw = (int) Math.ceil(w * cos + h * sin);
        int rh = (int) Math.ceil(w * sin + h * cos);
        AffineTransform turn = new AffineTransform();
        turn.translate(rw / 2.0, rh / 2.0);
        turn.rotate(angle);
        turn.translate(-w / 2.0, -h / 2.0);
        BufferedImage rotated = new BufferedImage(rw, rh, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = smooth(rotated.createGraphics());
        graphics.setColor(new Color(128, 128, 128));
        graphics.fillRect(0, 0, rw, rh);
        graphics.drawImage(rgb, turn, null);
        graphics.dispose();
        // A turned face keeps its size: the box is centred on the face's turned centre, as large as before
        List<double[]> turnedFaces = new ArrayList<>();
        for (double[] face : faces) {
            Point2D centre = turn.transform(new Point2D.Double(face[0] + face[2] / 2, face[1] + face[3] / 2), null);
            turnedFaces.add(clip(new double[] {centre.getX() - face[2] / 2, centre.getY() - face[3] / 2, face[2],
                    face[3]}, rw, rh));
        }
        String name = "%s-rotated%+d.jpg".formatted(from, (int) degrees);
        write(rotated, name, 85);
        label(name, none ? "no-face" : "rotated", source.resource(), turnedFaces);

        BufferedImage halved = new BufferedImage(w / 2, h / 2, BufferedImage.TYPE_INT_RGB);
        graphics = smooth(halved.createGraphics());
        graphics.drawImage(rgb.getScaledInstance(w / 2, h / 2, java.awt.Image.SCALE_AREA_AVERAGING), 0, 0, null);
        graphics.dispose();
        List<double[]> halvedFaces = faces.stream()
                .map(face -> new double[] {face[0] / 2, face[1] / 2, face[2] / 2, face[3] / 2}).toList();
        name = from + "-halved.jpg";
        write(halved, name, 90);
        label(name, none ? "no-face" : "halved", source.resource(), halvedFaces);

        BufferedImage grey = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        graphics = grey.createGraphics();
        graphics.drawImage(rgb, 0, 0, null);
        graphics.dispose();
        name = from + "-grey-jpeg30.jpg";
        write(grey, name, 30);
        label(name, none ? "no-face" : "grey-jpeg30", source.resource(), faces);
    }

    /**
     * Six 1024×768 scenes without faces of their own (the rocket, the coffee, flat colour, noise, stripes, a
     * gradient), each with four face crops pasted where they overlap nothing, 30 to 110 px high.
     */
    private void smallFaceScenes() throws IOException {
        List<BufferedImage> crops = new ArrayList<>();
        List<double[]> cropFaces = new ArrayList<>();
        for (Source source : SOURCES) {
            BufferedImage picture = rgb(read(source.resource()));
            for (int[] face : source.faces()) {
                int mx = (int) Math.round(face[2] * MARGIN);
                int my = (int) Math.round(face[3] * MARGIN);
                int[] crop = {face[0] - mx, face[1] - my, face[2] + 2 * mx, face[3] + 2 * my};
                // Only crops wholly inside the picture and holding no part of another face
                // and only faces the detectors found: not basketball1's man in profile, boxed by hand
                boolean clean = face != PROFILE && crop[0] >= 0 && crop[1] >= 0 && crop[0] + crop[2] <= picture.getWidth()
                        && crop[1] + crop[3] <= picture.getHeight();
                for (int[] other : source.faces()) {
                    if (other != face && overlaps(crop, other)) {
                        clean = false;
                    }
                }
                if (clean) {
                    crops.add(picture.getSubimage(crop[0], crop[1], crop[2], crop[3]));
                    cropFaces.add(new double[] {mx, my, face[2], face[3]});
                }
            }
        }
        String[] backgrounds = {"rocket", "coffee", "flat", "noise", "stripes", "gradient"};
        for (int scene = 0; scene < backgrounds.length; scene++) {
            BufferedImage picture = background(backgrounds[scene]);
            Graphics2D graphics = smooth(picture.createGraphics());
            List<double[]> placed = new ArrayList<>();
            List<double[]> faces = new ArrayList<>();
            for (int height : SMALL_HEIGHTS) {
                int which = random.nextInt(crops.size());
                BufferedImage crop = crops.get(which);
                double[] face = cropFaces.get(which);
                double scale = height / face[3];
                int cw = (int) Math.round(crop.getWidth() * scale);
                int ch = (int) Math.round(crop.getHeight() * scale);
                double[] at;
                do {
                    at = new double[] {random.nextInt(SCENE_WIDTH - cw), random.nextInt(SCENE_HEIGHT - ch), cw, ch};
                } while (collides(at, placed));
                placed.add(at);
                graphics.setComposite(AlphaComposite.SrcOver);
                graphics.drawImage(crop.getScaledInstance(cw, ch, java.awt.Image.SCALE_AREA_AVERAGING),
                        (int) at[0], (int) at[1], null);
                faces.add(new double[] {at[0] + face[0] * scale, at[1] + face[1] * scale, face[2] * scale,
                        face[3] * scale});
            }
            graphics.dispose();
            String name = "small-faces-%d-%s.jpg".formatted(scene + 1, backgrounds[scene]);
            write(picture, name, 90);
            label(name, "small-face", "generated", faces);
        }
    }

    /** Textures without faces: noise, blinds, bricks. */
    private void textures() throws IOException {
        for (String texture : List.of("noise", "stripes", "bricks")) {
            BufferedImage picture = background(texture);
            String name = "texture-" + texture + ".jpg";
            write(picture, name, 90);
            label(name, "no-face", "generated", List.of());
        }
    }

    private BufferedImage background(String kind) throws IOException {
        BufferedImage picture = new BufferedImage(SCENE_WIDTH, SCENE_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = smooth(picture.createGraphics());
        switch (kind) {
            case "rocket", "coffee" -> graphics.drawImage(read("demo-media/" + kind
                    + (kind.equals("rocket") ? ".jpg" : ".png")), 0, 0, SCENE_WIDTH, SCENE_HEIGHT, null);
            case "flat" -> {
                graphics.setColor(new Color(70, 110, 160));
                graphics.fillRect(0, 0, SCENE_WIDTH, SCENE_HEIGHT);
            }
            case "noise" -> {
                // Blocky value noise in warm colours
                for (int y = 0; y < SCENE_HEIGHT; y += 8) {
                    for (int x = 0; x < SCENE_WIDTH; x += 8) {
                        int v = 60 + random.nextInt(160);
                        graphics.setColor(new Color(v, Math.max(0, v - 30), Math.max(0, v - 60)));
                        graphics.fillRect(x, y, 8, 8);
                    }
                }
            }
            case "stripes" -> {
                for (int y = 0; y < SCENE_HEIGHT; y += 24) {
                    graphics.setColor(new Color(225, 225, 215));
                    graphics.fillRect(0, y, SCENE_WIDTH, 16);
                    graphics.setColor(new Color(120, 100, 70));
                    graphics.fillRect(0, y + 16, SCENE_WIDTH, 8);
                }
            }
            case "bricks" -> {
                graphics.setColor(new Color(200, 200, 195));
                graphics.fillRect(0, 0, SCENE_WIDTH, SCENE_HEIGHT);
                for (int row = 0; row * 40 < SCENE_HEIGHT; row++) {
                    for (int x = row % 2 == 0 ? 0 : -45; x < SCENE_WIDTH; x += 90) {
                        int shade = random.nextInt(40);
                        graphics.setColor(new Color(150 + shade, 60 + shade / 2, 40));
                        graphics.fillRect(x + 3, row * 40 + 3, 84, 34);
                    }
                }
            }
            case "gradient" -> {
                graphics.setPaint(new GradientPaint(0, 0, new Color(240, 200, 150), SCENE_WIDTH, SCENE_HEIGHT,
                        new Color(40, 70, 50)));
                graphics.fillRect(0, 0, SCENE_WIDTH, SCENE_HEIGHT);
            }
            default -> throw new IllegalArgumentException(kind);
        }
        graphics.dispose();
        return picture;
    }

    private void label(String picture, String kind, String source, List<double[]> faces) {
        String boxes = faces.stream()
                .map(f -> "[%d, %d, %d, %d]".formatted(Math.round(f[0]), Math.round(f[1]), Math.round(f[2]),
                        Math.round(f[3])))
                .collect(Collectors.joining(", "));
        labels.put(picture, "{\"kind\": \"%s\", \"source\": \"%s\", \"faces\": [%s]}".formatted(kind, source, boxes));
    }

    private static List<double[]> boxes(int[][] faces) {
        List<double[]> boxes = new ArrayList<>();
        for (int[] face : faces) {
            boxes.add(new double[] {face[0], face[1], face[2], face[3]});
        }
        return boxes;
    }

    private static double[] clip(double[] box, int width, int height) {
        double x0 = Math.max(0, box[0]);
        double y0 = Math.max(0, box[1]);
        double x1 = Math.min(width, box[0] + box[2]);
        double y1 = Math.min(height, box[1] + box[3]);
        return new double[] {x0, y0, x1 - x0, y1 - y0};
    }

    private static boolean overlaps(int[] a, int[] b) {
        return a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3];
    }

    private static boolean collides(double[] box, List<double[]> placed) {
        for (double[] other : placed) {
            if (box[0] < other[0] + other[2] + 10 && other[0] < box[0] + box[2] + 10
                    && box[1] < other[1] + other[3] + 10 && other[1] < box[1] + box[3] + 10) {
                return true;
            }
        }
        return false;
    }

    private static Graphics2D smooth(Graphics2D graphics) {
        graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        graphics.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        return graphics;
    }

    private static BufferedImage rgb(BufferedImage picture) {
        if (picture.getType() == BufferedImage.TYPE_INT_RGB) {
            return picture;
        }
        BufferedImage rgb = new BufferedImage(picture.getWidth(), picture.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = rgb.createGraphics();
        graphics.drawImage(picture, 0, 0, null);
        graphics.dispose();
        return rgb;
    }

    private static BufferedImage read(String resource) throws IOException {
        try (InputStream in = EvaluationSetGenerator.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("not on the class path: " + resource);
            }
            return ImageIO.read(in);
        }
    }

    private void write(BufferedImage picture, String name, int quality) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality / 100f);
        Path file = dir.resolve(name);
        Files.deleteIfExists(file);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(picture, null, null), param);
        } finally {
            writer.dispose();
        }
    }
}
