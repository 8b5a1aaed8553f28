package io.notifications.faces;

/**
 * A face a detector found: its box in pixels of the image it was found in, and the detector's score (0–1).
 */
public record DetectedFace(double x, double y, double width, double height, double score) {

    double area() {
        return width * height;
    }

    /** Intersection over union: how much two boxes are the same box. */
    public double iou(DetectedFace other) {
        double w = Math.max(0, Math.min(x + width, other.x + other.width) - Math.max(x, other.x));
        double h = Math.max(0, Math.min(y + height, other.y + other.height) - Math.max(y, other.y));
        double intersection = w * h;
        double union = area() + other.area() - intersection;
        return union <= 0 ? 0 : intersection / union;
    }

    /** How much of the smaller of two boxes lies inside the other (0–1): a part of a face lies wholly in it. */
    public double shareInside(DetectedFace other) {
        double w = Math.max(0, Math.min(x + width, other.x + other.width) - Math.max(x, other.x));
        double h = Math.max(0, Math.min(y + height, other.y + other.height) - Math.max(y, other.y));
        double smaller = Math.min(area(), other.area());
        return smaller <= 0 ? 0 : w * h / smaller;
    }
}
