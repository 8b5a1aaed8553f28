package io.notifications.processing.mediainfo;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The first bytes of a stream, for a header reader: it ends after {@code limit} bytes, and closing it leaves the
 * stream open, since the caller still reads the rest for the hash.
 */
final class HeaderWindow extends FilterInputStream {

    private long left;

    HeaderWindow(InputStream in, long limit) {
        super(in);
        this.left = limit;
    }

    @Override
    public int read() throws IOException {
        if (left <= 0) {
            return -1;
        }
        int b = super.read();
        if (b >= 0) {
            left--;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (left <= 0) {
            return -1;
        }
        int n = super.read(buffer, offset, (int) Math.min(length, left));
        if (n > 0) {
            left -= n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(Math.min(Math.max(n, 0), left));
        left -= skipped;
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(super.available(), left);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Whether the reader wanted more than the window holds. */
    boolean exhausted() {
        return left <= 0;
    }

    @Override
    public void close() {
        // The caller still drains the stream for the hash
    }
}
