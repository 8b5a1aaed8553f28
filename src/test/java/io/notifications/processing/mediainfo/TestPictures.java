package io.notifications.processing.mediainfo;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * JPEGs carrying EXIF or XMP, built by hand: the JDK writes no EXIF, and the sample media carry none. The EXIF is a
 * big-endian TIFF structure in an APP1 segment right after the JPEG's start marker.
 */
final class TestPictures {

    private static final int BYTE = 1;
    private static final int ASCII = 2;
    private static final int SHORT = 3;
    private static final int LONG = 4;
    private static final int RATIONAL = 5;

    private TestPictures() {
    }

    /** A 64×48 JPEG with IFD0 (camera, orientation 6), the EXIF IFD (capture time) and GPS. */
    static byte[] withExif() throws IOException {
        List<Entry> gps = List.of(
                new Entry(0x0000, BYTE, 4, new byte[] {2, 3, 0, 0}),
                ascii(0x0001, "N"),
                rationals(0x0002, 48, 1, 51, 1, 296, 10),
                ascii(0x0003, "W"),
                rationals(0x0004, 2, 1, 17, 1, 402, 10),
                new Entry(0x0005, BYTE, 1, new byte[] {0}),
                rationals(0x0006, 3305, 10));
        List<Entry> exif = List.of(ascii(0x9003, "2024:05:01 12:34:56"), ascii(0x9011, "+02:00"));
        int exifOffset = 8 + size(ifd0(0, 0));
        int gpsOffset = exifOffset + size(exif);

        ByteBuffer tiff = ByteBuffer.allocate(gpsOffset + size(gps));
        tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8);
        write(tiff, 8, ifd0(exifOffset, gpsOffset));
        write(tiff, exifOffset, exif);
        write(tiff, gpsOffset, gps);

        byte[] header = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
        return withSegment(0xE1, concat(header, tiff.array()));
    }

    /** A JPEG whose only metadata is an XMP packet naming the camera and when the photo was taken. */
    static byte[] withXmp() throws IOException {
        String xmp = """
                <x:xmpmeta xmlns:x="adobe:ns:meta/">
                 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
                  <rdf:Description rdf:about=""
                    xmlns:tiff="http://ns.adobe.com/tiff/1.0/"
                    xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
                    tiff:Make="Canon" tiff:Model="EOS R5" tiff:Orientation="8"
                    photoshop:DateCreated="2023-12-24T18:30:00-05:00"/>
                 </rdf:RDF>
                </x:xmpmeta>""";
        byte[] header = "http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.ISO_8859_1);
        return withSegment(0xE1, concat(header, xmp.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Entry> ifd0(int exifOffset, int gpsOffset) {
        return List.of(ascii(0x010F, "TestCam"), ascii(0x0110, "Model 7"),
                new Entry(0x0112, SHORT, 1, new byte[] {0, 6}),
                new Entry(0x8769, LONG, 1, ByteBuffer.allocate(4).putInt(exifOffset).array()),
                new Entry(0x8825, LONG, 1, ByteBuffer.allocate(4).putInt(gpsOffset).array()));
    }

    private static byte[] withSegment(int marker, byte[] payload) throws IOException {
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(8, 8, 40, 24);
        g.dispose();
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", jpeg);
        byte[] plain = jpeg.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(plain, 0, 2);
        out.write(0xFF);
        out.write(marker);
        out.write((payload.length + 2) >> 8);
        out.write((payload.length + 2) & 0xFF);
        out.write(payload);
        out.write(plain, 2, plain.length - 2);
        return out.toByteArray();
    }

    private record Entry(int tag, int type, int count, byte[] value) {
    }

    private static Entry ascii(int tag, String text) {
        byte[] bytes = (text + "\0").getBytes(StandardCharsets.US_ASCII);
        return new Entry(tag, ASCII, bytes.length, bytes);
    }

    private static Entry rationals(int tag, int... numeratorsAndDenominators) {
        ByteBuffer value = ByteBuffer.allocate(numeratorsAndDenominators.length * 4);
        for (int n : numeratorsAndDenominators) {
            value.putInt(n);
        }
        return new Entry(tag, RATIONAL, numeratorsAndDenominators.length / 2, value.array());
    }

    /** An IFD's bytes: the count, 12 bytes an entry, the next-IFD offset, then the values longer than 4 bytes. */
    private static int size(List<Entry> entries) {
        int size = 2 + 12 * entries.size() + 4;
        for (Entry entry : entries) {
            if (entry.value.length > 4) {
                size += entry.value.length + (entry.value.length & 1);
            }
        }
        return size;
    }

    private static void write(ByteBuffer tiff, int offset, List<Entry> entries) {
        int data = offset + 2 + 12 * entries.size() + 4;
        tiff.position(offset);
        tiff.putShort((short) entries.size());
        for (Entry entry : entries) {
            tiff.putShort((short) entry.tag).putShort((short) entry.type).putInt(entry.count);
            if (entry.value.length <= 4) {
                tiff.put(entry.value).put(new byte[4 - entry.value.length]);
            } else {
                tiff.putInt(data);
                int at = tiff.position();
                tiff.position(data).put(entry.value);
                data += entry.value.length + (entry.value.length & 1);
                tiff.position(at);
            }
        }
        tiff.putInt(0);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = new byte[a.length + b.length];
        System.arraycopy(a, 0, joined, 0, a.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
