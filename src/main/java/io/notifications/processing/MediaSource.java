package io.notifications.processing;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
    /** A read-once media's first stream, which copies what it reads to the file for the readers after it. */
    private CopyingStream copying;
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
     * Several processors will read the media: it is fetched once. The first stream reads from the source and
     * copies what it reads to the local {@link #file()}; every later stream, and the file, are read from there.
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
        InputStream stream;
        if (!readOnce) {
            stream = opener.open();
        } else if (file == null && copying == null) {
            Path target = newTempFile();
            InputStream source = opener.open();
            try {
                copying = new CopyingStream(source, target);
            } catch (IOException | RuntimeException e) {
                source.close();
                throw e;
            }
            opened.add(copying::release);
            stream = copying;
        } else {
            stream = Files.newInputStream(file());
        }
        opened.add(stream);
        return stream;
    }

    /** The media as a local file, downloaded once on first use and deleted on {@link #close()}. */
    public synchronized Path file() throws IOException {
        if (file == null) {
            if (copying != null) {
                // What the first stream has not read yet is fetched now
                file = copying.finish();
            } else {
                Path temp = newTempFile();
                try (InputStream in = opener.open()) {
                    Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
                }
                file = temp;
            }
        }
        return file;
    }

    private Path newTempFile() throws IOException {
        Path temp = Files.createTempFile("media-", suffix());
        opened.add(() -> Files.deleteIfExists(temp));
        return temp;
    }

    @Override
    public synchronized void close() {
        IOException first = null;
        // Last opened, first closed: streams before the files they read or write are deleted
        List<Closeable> lastFirst = new ArrayList<>(opened);
        java.util.Collections.reverse(lastFirst);
        for (Closeable resource : lastFirst) {
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
        copying = null;
        if (first != null) {
            throw new UncheckedIOException("Could not release media " + name, first);
        }
    }

    private String suffix() {
        int dot = name.lastIndexOf('.');
        String ext = dot >= 0 ? name.substring(dot) : "";
        return ext.matches("\\.[A-Za-z0-9]{1,8}") ? ext : ".bin";
    }

    /**
     * Reads the source and writes every byte it reads to the target file, so that the media is fetched once
     * however many read it. Closed by its reader before the end, it keeps the source open: {@link #finish()}
     * copies the rest when the file is needed.
     */
    private static final class CopyingStream extends InputStream {
        private final InputStream source;
        private final OutputStream copy;
        private final Path target;
        private boolean ended;

        CopyingStream(InputStream source, Path target) throws IOException {
            this.source = source;
            this.target = target;
            this.copy = Files.newOutputStream(target);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public synchronized int read(byte[] buffer, int offset, int length) throws IOException {
            if (ended) {
                return -1;
            }
            int n = source.read(buffer, offset, length);
            if (n == -1) {
                ended = true;
                copy.close();
            } else if (n > 0) {
                copy.write(buffer, offset, n);
            }
            return n;
        }

        @Override
        public long skip(long count) throws IOException {
            // Skipped bytes must reach the file too
            byte[] buffer = new byte[8192];
            long skipped = 0;
            while (skipped < count) {
                int n = read(buffer, 0, (int) Math.min(buffer.length, count - skipped));
                if (n == -1) {
                    break;
                }
                skipped += n;
            }
            return skipped;
        }

        @Override
        public void close() {
            // The reader is done; the source stays open for finish()
        }

        /** Copies what was not read yet; the file is then the whole media. */
        synchronized Path finish() throws IOException {
            byte[] buffer = new byte[64 * 1024];
            while (!ended) {
                read(buffer, 0, buffer.length);
            }
            release();
            return target;
        }

        synchronized void release() throws IOException {
            try (source; copy) {
                ended = true;
            }
        }
    }
}
