package io.notifications.processing;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of one piece of media, streamed from wherever they live. Processors read a stream, or ask for a
 * local file when they need random access. Closing the source closes every stream it opened and deletes its
 * temporary file, whether processing succeeded or not.
 */
public final class MediaSource implements AutoCloseable {

    /** Opens a fresh stream over the media's bytes. */
    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    /**
     * Hears how far processing is, from 0 to 1, e.g. to show it where the media came from. It decides itself how
     * often that is worth passing on.
     */
    @FunctionalInterface
    public interface Progress {
        void report(double done);
    }

    private final long itemId;
    private final String name;
    private final Long size;
    private final Opener opener;
    private final List<Closeable> opened = new ArrayList<>();
    private Path file;
    private boolean readOnce;
    private volatile Progress progress = done -> { };
    private volatile double progressFrom;
    private volatile double progressShare = 1;

    public MediaSource(long itemId, String name, Long size, Opener opener) {
        this.itemId = itemId;
        this.name = name;
        this.size = size;
        this.opener = opener;
    }

    /**
     * The item the media is processed for, as an opaque id: a processor hands it on with what it keeps of the
     * item beside the result (face crops), so that it is deleted with the item.
     */
    public long itemId() {
        return itemId;
    }

    /** The object key or file name: for messages and temp-file suffixes, never for sniffing the type. */
    public String name() {
        return name;
    }

    /** The size the source reported, if it did. */
    public Long size() {
        return size;
    }

    /** Where {@link #progress(double)} reports go; by default nowhere. */
    public MediaSource onProgress(Progress listener) {
        this.progress = listener == null ? done -> { } : listener;
        return this;
    }

    /**
     * Several processors will read the media: it is fetched once, into the local {@link #file()}, and every
     * stream is read from there.
     */
    public synchronized MediaSource readOnce() {
        this.readOnce = true;
        return this;
    }

    /**
     * The next processor is step {@code index} of {@code count}: its progress from 0 to 1 is reported as its share
     * of the whole.
     */
    public MediaSource step(int index, int count) {
        this.progressFrom = (double) index / count;
        this.progressShare = 1.0 / count;
        return this;
    }

    /**
     * A processor tells how much of its work is done, from 0 to 1, as often as it likes. Never throws: progress
     * that cannot be shown must not fail the work.
     */
    public void progress(double done) {
        try {
            progress.report(progressFrom + progressShare * Math.max(0, Math.min(1, done)));
        } catch (RuntimeException e) {
            // progress is a courtesy
        }
    }

    public synchronized InputStream openStream() throws IOException {
        InputStream stream = readOnce ? Files.newInputStream(file()) : opener.open();
        opened.add(stream);
        return stream;
    }

    /** The media as a local file, downloaded once on first use and deleted on {@link #close()}. */
    public synchronized Path file() throws IOException {
        if (file == null) {
            Path temp = Files.createTempFile("media-", suffix());
            opened.add(() -> Files.deleteIfExists(temp));
            try (InputStream in = opener.open()) {
                Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            }
            file = temp;
        }
        return file;
    }

    @Override
    public synchronized void close() {
        IOException first = null;
        for (Closeable resource : opened) {
            try {
                resource.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        opened.clear();
        file = null;
        if (first != null) {
            throw new UncheckedIOException("Could not release media " + name, first);
        }
    }

    private String suffix() {
        int dot = name.lastIndexOf('.');
        String ext = dot >= 0 ? name.substring(dot) : "";
        return ext.matches("\\.[A-Za-z0-9]{1,8}") ? ext : ".bin";
    }
}
