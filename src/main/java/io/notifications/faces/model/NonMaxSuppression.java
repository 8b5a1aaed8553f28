package io.notifications.faces.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/** Greedy non-maximum suppression: the best box wins, and boxes overlapping it more than a threshold go. */
final class NonMaxSuppression {

    private NonMaxSuppression() {
    }

    /**
     * @param boxes     {@code [x0, y0, x1, y1]} each, in any one coordinate space
     * @param maxOutput at most this many are kept
     * @return the indices kept, best first
     */
    static List<Integer> select(List<double[]> boxes, List<Double> scores, double iouThreshold, int maxOutput) {
        List<Integer> order = new ArrayList<>(IntStream.range(0, boxes.size()).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> scores.get(i)).reversed()).toList());
        List<Integer> picked = new ArrayList<>();
        while (!order.isEmpty() && picked.size() < maxOutput) {
            int best = order.remove(0);
            picked.add(best);
            order.removeIf(other -> iou(boxes.get(best), boxes.get(other)) > iouThreshold);
        }
        return picked;
    }

    static double iou(double[] a, double[] b) {
        double w = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
        double h = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
        double intersection = w * h;
        double union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - intersection;
        return union <= 0 ? 0 : intersection / union;
    }
}
