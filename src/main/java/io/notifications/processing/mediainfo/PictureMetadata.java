package io.notifications.processing.mediainfo;

import com.adobe.internal.xmp.XMPConst;
import com.adobe.internal.xmp.XMPException;
import com.adobe.internal.xmp.XMPMeta;
import com.drew.imaging.FileType;
import com.drew.imaging.FileTypeDetector;
import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.lang.GeoLocation;
import com.drew.lang.Rational;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import com.drew.metadata.exif.GpsDirectory;
import com.drew.metadata.iptc.IptcDirectory;
import com.drew.metadata.xmp.XmpDirectory;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Orientation, camera, capture time and GPS from a picture's EXIF, IPTC and XMP, read with metadata-extractor.
 * EXIF comes first; XMP and IPTC fill in what it lacks.
 */
final class PictureMetadata {

    /** EXIF 2.31's OffsetTimeOriginal, which metadata-extractor keeps under its number. */
    private static final int TAG_OFFSET_TIME_ORIGINAL = 0x9011;
    private static final String NS_PHOTOSHOP = "http://ns.adobe.com/photoshop/1.0/";

    private static final Pattern EXIF_TIME = Pattern.compile("(\\d{4}):(\\d{2}):(\\d{2})[ T](\\d{2}):(\\d{2}):(\\d{2}).*");
    private static final Pattern IPTC_DATE = Pattern.compile("(\\d{4})-?(\\d{2})-?(\\d{2})");
    private static final Pattern IPTC_TIME = Pattern.compile("(\\d{2}):?(\\d{2}):?(\\d{2})([+-]\\d{2}:?\\d{2})?");

    private PictureMetadata() {
    }

    /**
     * Reads the picture's metadata from {@code header}, which reaches as far as the reader may go; null when the
     * picture has none that is reported, or is of a kind metadata-extractor does not read.
     */
    static MediaInfo.Picture read(InputStream header) throws IOException, ImageProcessingException {
        BufferedInputStream in = new BufferedInputStream(header);
        FileType type = FileTypeDetector.detectFileType(in);
        if (type == FileType.Unknown) {
            return null;
        }
        Metadata metadata;
        try {
            metadata = ImageMetadataReader.readMetadata(in, -1, type);
        } catch (ImageProcessingException e) {
            if ("File format is not supported".equals(e.getMessage())) {
                return null;
            }
            throw e;
        }
        return of(metadata);
    }

    static MediaInfo.Picture of(Metadata metadata) {
        ExifIFD0Directory ifd0 = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
        ExifSubIFDDirectory exif = metadata.getFirstDirectoryOfType(ExifSubIFDDirectory.class);
        XMPMeta xmp = xmp(metadata);

        Integer orientation = orientation(ifd0 == null ? null : ifd0.getInteger(ExifIFD0Directory.TAG_ORIENTATION));
        if (orientation == null) {
            orientation = orientation(integer(xmpString(xmp, XMPConst.NS_TIFF, "Orientation")));
        }
        String make = first(text(ifd0, ExifIFD0Directory.TAG_MAKE), xmpString(xmp, XMPConst.NS_TIFF, "Make"));
        String model = first(text(ifd0, ExifIFD0Directory.TAG_MODEL), xmpString(xmp, XMPConst.NS_TIFF, "Model"));
        MediaInfo.Camera camera = make == null && model == null ? null : new MediaInfo.Camera(make, model);
        String captureTime = first(
                exifTime(text(exif, ExifSubIFDDirectory.TAG_DATETIME_ORIGINAL), text(exif, TAG_OFFSET_TIME_ORIGINAL)),
                exifTime(text(exif, ExifSubIFDDirectory.TAG_DATETIME_DIGITIZED), null),
                xmpTime(xmpString(xmp, XMPConst.NS_EXIF, "DateTimeOriginal")),
                xmpTime(xmpString(xmp, NS_PHOTOSHOP, "DateCreated")),
                iptcTime(metadata.getFirstDirectoryOfType(IptcDirectory.class)));
        MediaInfo.Gps gps = gps(metadata.getFirstDirectoryOfType(GpsDirectory.class));
        if (orientation == null && camera == null && captureTime == null && gps == null) {
            return null;
        }
        return new MediaInfo.Picture(orientation, camera, captureTime, gps);
    }

    private static MediaInfo.Gps gps(GpsDirectory directory) {
        if (directory == null) {
            return null;
        }
        GeoLocation location = directory.getGeoLocation();
        // 0°, 0° is what a receiver without a fix writes, not a place
        if (location != null && location.isZero()) {
            location = null;
        }
        Double altitude = null;
        Rational metres = directory.getRational(GpsDirectory.TAG_ALTITUDE);
        if (metres != null && metres.getDenominator() != 0) {
            Integer below = directory.getInteger(GpsDirectory.TAG_ALTITUDE_REF);
            altitude = round(metres.doubleValue() * (below != null && below == 1 ? -1 : 1), 2);
        }
        if (location == null && altitude == null) {
            return null;
        }
        return new MediaInfo.Gps(location == null ? null : round(location.getLatitude(), 7),
                location == null ? null : round(location.getLongitude(), 7), altitude);
    }

    /** EXIF's {@code 2024:05:01 12:34:56}, with its offset when the picture names one. */
    static String exifTime(String value, String offset) {
        if (value == null) {
            return null;
        }
        Matcher m = EXIF_TIME.matcher(value);
        if (!m.matches()) {
            return null;
        }
        try {
            LocalDateTime local = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                    Integer.parseInt(m.group(6)));
            if (offset != null && offset.matches("[+-]\\d{2}:\\d{2}")) {
                return local.atOffset(ZoneOffset.of(offset)).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            }
            return local.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
        } catch (RuntimeException invalid) {
            // e.g. 0000:00:00 00:00:00, which cameras write when their clock is unset
            return null;
        }
    }

    /** XMP's dates are ISO-8601 already, with or without time and offset. */
    private static String xmpTime(String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException notOffset) {
            // try without
        }
        try {
            return LocalDateTime.parse(value).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
        } catch (DateTimeParseException notLocal) {
            // try a date alone
        }
        try {
            return LocalDate.parse(value).toString();
        } catch (DateTimeParseException unknown) {
            return null;
        }
    }

    /** IPTC's Date Created ({@code 20240501}) and Time Created ({@code 123456+0200}). */
    private static String iptcTime(IptcDirectory iptc) {
        Matcher date = IPTC_DATE.matcher(Objects.requireNonNullElse(text(iptc, IptcDirectory.TAG_DATE_CREATED), ""));
        if (!date.matches()) {
            return null;
        }
        try {
            LocalDate day = LocalDate.of(Integer.parseInt(date.group(1)), Integer.parseInt(date.group(2)),
                    Integer.parseInt(date.group(3)));
            Matcher time = IPTC_TIME.matcher(Objects.requireNonNullElse(text(iptc, IptcDirectory.TAG_TIME_CREATED), ""));
            if (!time.matches()) {
                return day.toString();
            }
            LocalDateTime local = day.atTime(Integer.parseInt(time.group(1)), Integer.parseInt(time.group(2)),
                    Integer.parseInt(time.group(3)));
            if (time.group(4) == null) {
                return local.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
            }
            String offset = time.group(4).replace(":", "");
            return local.atOffset(ZoneOffset.of(offset.substring(0, 3) + ":" + offset.substring(3)))
                    .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (RuntimeException invalid) {
            return null;
        }
    }

    private static XMPMeta xmp(Metadata metadata) {
        XmpDirectory directory = metadata.getFirstDirectoryOfType(XmpDirectory.class);
        return directory == null ? null : directory.getXMPMeta();
    }

    private static String xmpString(XMPMeta xmp, String namespace, String property) {
        if (xmp == null) {
            return null;
        }
        try {
            return blankToNull(xmp.getPropertyString(namespace, property));
        } catch (XMPException | RuntimeException unreadable) {
            return null;
        }
    }

    private static String text(Directory directory, int tag) {
        return directory == null ? null : blankToNull(directory.getString(tag));
    }

    private static Integer orientation(Integer value) {
        return value != null && value >= 1 && value <= 8 ? value : null;
    }

    private static Integer integer(String value) {
        try {
            return value == null ? null : Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String blankToNull(String value) {
        if (value == null) {
            return null;
        }
        // EXIF strings are NUL-padded
        String trimmed = value.replace('\0', ' ').trim();
        return trimmed.isEmpty() ? null : trimmed;
    }

    @SafeVarargs
    private static <T> T first(T... values) {
        return Stream.of(values).filter(Objects::nonNull).findFirst().orElse(null);
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
