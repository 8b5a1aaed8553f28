package io.notifications.faces;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;

/**
 * Decoded pixels, packed as {@code 0xRRGGBB}, row by row. The face models take RGB (not BGR), padded with black at
 * the bottom or right to a square and scaled with TF's bilinear resize, as face-api feeds its networks.
 */
public record RgbImage(int width, int height, int[] pixels) {

    public static RgbImage of(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        if (image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
            return grey(image);
        }
        // The layouts decoders give most often, read straight from their bytes: getRGB goes pixel by pixel
        // through the colour model, which took a tenth of a picture's whole processing
        int stride = image.getType() == BufferedImage.TYPE_3BYTE_BGR ? 3
                : image.getType() == BufferedImage.TYPE_4BYTE_ABGR ? 4 : 0;
        if (stride > 0 && image.getRaster().getDataBuffer() instanceof DataBufferByte bytes
                && bytes.getNumBanks() == 1 && bytes.getOffset() == 0 && bytes.getSize() == width * height * stride) {
            return interleaved(width, height, bytes.getData(), stride, true);
        }
        int[] pixels = image.getRGB(0, 0, width, height, null, 0, width);
        for (int i = 0; i < pixels.length; i++) {
            // Without the alpha byte getRGB puts on top, like the other paths
            pixels[i] &= 0xFFFFFF;
        }
        return new RgbImage(width, height, pixels);
    }

    /**
     * Pixels from interleaved 8-bit samples, {@code stride} bytes a pixel, the last three of each being blue,
     * green, red ({@code bgr}) or red, green, blue. Rows are {@code width × stride} bytes, without padding.
     */
    public static RgbImage interleaved(int width, int height, byte[] data, int stride, boolean bgr) {
        int[] pixels = new int[width * height];
        int first = stride - 3;
        for (int i = 0, o = first; i < pixels.length; i++, o += stride) {
            int a = data[o] & 0xFF;
            int b = data[o + 1] & 0xFF;
            int c = data[o + 2] & 0xFF;
            pixels[i] = bgr ? (c << 16) | (b << 8) | a : (a << 16) | (b << 8) | c;
        }
        return new RgbImage(width, height, pixels);
    }

    /**
     * A greyscale picture's stored values as they are. Java takes grey as linear and brightens it on the way to
     * sRGB (82 becomes 154), which is not what the networks were trained on: face-api reads the raw values.
     */
    private static RgbImage grey(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        Raster raster = image.getRaster();
        int bits = image.getColorModel().getComponentSize(0);
        int[] samples = raster.getSamples(0, 0, width, height, 0, (int[]) null);
        int[] pixels = new int[samples.length];
        for (int i = 0; i < samples.length; i++) {
            int v = bits > 8 ? samples[i] >> (bits - 8) : samples[i] << (8 - bits);
            pixels[i] = (v << 16) | (v << 8) | v;
        }
        return new RgbImage(width, height, pixels);
    }

    /**
     * The image padded to a square at the bottom or right (or, centred, on both sides) and resized to
     * {@code size × size}, as float RGB values 0–255 in NHWC order. Resizing samples as TF's legacy bilinear
     * resize does (source = target × scale, no half-pixel offset), so the networks see what they were trained on.
     */
    public float[] squareInput(int size, boolean centred) {
        int side = Math.max(width, height);
        int offsetX = centred ? (side - width) / 2 : 0;
        int offsetY = centred ? (side - height) / 2 : 0;
        double scale = (double) side / size;
        float[] out = new float[size * size * 3];
        for (int ty = 0; ty < size; ty++) {
            double sy = ty * scale;
            int y0 = (int) Math.floor(sy);
            int y1 = Math.min(y0 + 1, side - 1);
            double fy = sy - y0;
            for (int tx = 0; tx < size; tx++) {
                double sx = tx * scale;
                int x0 = (int) Math.floor(sx);
                int x1 = Math.min(x0 + 1, side - 1);
                double fx = sx - x0;
                int p00 = pixel(x0 - offsetX, y0 - offsetY);
                int p01 = pixel(x1 - offsetX, y0 - offsetY);
                int p10 = pixel(x0 - offsetX, y1 - offsetY);
                int p11 = pixel(x1 - offsetX, y1 - offsetY);
                int o = (ty * size + tx) * 3;
                for (int c = 0; c < 3; c++) {
                    int shift = 16 - 8 * c;
                    double top = ch(p00, shift) + (ch(p01, shift) - ch(p00, shift)) * fx;
                    double bottom = ch(p10, shift) + (ch(p11, shift) - ch(p10, shift)) * fx;
                    out[o + c] = (float) (top + (bottom - top) * fy);
                }
            }
        }
        return out;
    }

    /** A region as its own image, clipped to the picture; for face crops. */
    public BufferedImage crop(int x, int y, int w, int h) {
        int left = Math.max(0, x);
        int top = Math.max(0, y);
        int right = Math.min(width, x + w);
        int bottom = Math.min(height, y + h);
        int cropWidth = Math.max(1, right - left);
        BufferedImage crop = new BufferedImage(cropWidth, Math.max(1, bottom - top), BufferedImage.TYPE_INT_RGB);
        // Row by row straight into its pixels, which are 0xRRGGBB too: setRGB goes through the colour model pixel
        // by pixel
        int[] target = ((DataBufferInt) crop.getRaster().getDataBuffer()).getData();
        for (int row = top; row < bottom; row++) {
            System.arraycopy(pixels, row * width + left, target, (row - top) * cropWidth, right - left);
        }
        return crop;
    }

    private int pixel(int x, int y) {
        // Outside the picture is the black padding
        return x < 0 || y < 0 || x >= width || y >= height ? 0 : pixels[y * width + x];
    }

    private static int ch(int rgb, int shift) {
        return (rgb >> shift) & 0xFF;
    }
}
