package io.rationalspark.jobs.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST (LeCun et al.): a big-endian header, then unsigned bytes.
 * <ul>
 *   <li>images: magic 0x00000803 (2051), count, rows, cols, then count·rows·cols pixels, image after image, row by
 *       row;</li>
 *   <li>labels: magic 0x00000801 (2049), count, then count labels.</li>
 * </ul>
 * A file may be gzip-compressed (Fashion-MNIST ships {@code .gz}) or raw (the npm MNIST): the first two bytes
 * decide (gzip's 0x1f 0x8b cannot start an IDX file, whose magic starts with two zero bytes), not the name.
 *
 * <p>The reader checks the magic, that the dimensions are positive and that the data holds exactly what the header
 * declares, even when told to keep only the first images: a truncated, padded or corrupt file fails with an
 * {@link IOException} naming the file and what is wrong.
 */
public final class IdxReader {

    /** Magic number of an IDX file of unsigned-byte images (3 dimensions). */
    public static final int IMAGES_MAGIC = 0x0803;
    /** Magic number of an IDX file of unsigned-byte labels (1 dimension). */
    public static final int LABELS_MAGIC = 0x0801;

    /** Refuses headers declaring images larger than this, a sign of a corrupt header rather than a real image. */
    private static final long MAX_PIXELS_PER_IMAGE = 1L << 24;

    private IdxReader() {
    }

    /** All images in {@code file}. */
    public static IdxImages readImages(Path file) throws IOException {
        return images(file, Integer.MAX_VALUE);
    }

    /** The first {@code maxCount} images in {@code file} (all if it holds fewer); the whole file is still checked. */
    public static IdxImages readImages(Path file, int maxCount) throws IOException {
        return images(file, requirePositive(maxCount));
    }

    /** All labels in {@code file}. */
    public static IdxLabels readLabels(Path file) throws IOException {
        return labels(file, Integer.MAX_VALUE);
    }

    /** The first {@code maxCount} labels in {@code file} (all if it holds fewer); the whole file is still checked. */
    public static IdxLabels readLabels(Path file, int maxCount) throws IOException {
        return labels(file, requirePositive(maxCount));
    }

    private static IdxImages images(Path file, int maxCount) throws IOException {
        try (InputStream in = open(file)) {
            checkMagic(file, in, IMAGES_MAGIC);
            int count = readDimension(file, in, "image count", 0);
            int rows = readDimension(file, in, "row count", 1);
            int cols = readDimension(file, in, "column count", 1);
            long pixelsPerImage = (long) rows * cols;
            if (pixelsPerImage > MAX_PIXELS_PER_IMAGE) {
                throw new BadDataException(file + ": implausible image size " + rows + "x" + cols + " (corrupt header?)");
            }
            int kept = Math.min(count, maxCount);
            if (kept * pixelsPerImage > Integer.MAX_VALUE - 8) {
                throw new BadDataException(file + ": " + kept + " images of " + rows + "x" + cols
                        + " do not fit in one Java array; read fewer");
            }
            String declared = count + " images of " + rows + "x" + cols;
            byte[] pixels = readPayload(file, in, count * pixelsPerImage, (int) (kept * pixelsPerImage), declared);
            return new IdxImages(count, rows, cols, pixels);
        }
    }

    private static IdxLabels labels(Path file, int maxCount) throws IOException {
        try (InputStream in = open(file)) {
            checkMagic(file, in, LABELS_MAGIC);
            int count = readDimension(file, in, "label count", 0);
            int kept = Math.min(count, maxCount);
            byte[] bytes = readPayload(file, in, count, kept, count + " labels");
            int[] values = new int[kept];
            for (int i = 0; i < kept; i++) {
                values[i] = bytes[i] & 0xFF;
            }
            return new IdxLabels(count, values);
        }
    }

    /** Opens the file, decompressing if it starts with gzip's magic bytes. */
    private static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            in.mark(2);
            int b0 = in.read();
            int b1 = in.read();
            in.reset();
            if (b0 == 0x1f && b1 == 0x8b) {
                return new GZIPInputStream(in, 1 << 16);
            }
            return in;
        } catch (IOException e) {
            in.close();
            throw wrap(file, e);
        }
    }

    private static void checkMagic(Path file, InputStream in, int expected) throws IOException {
        int magic = readInt(file, in, "magic number");
        if (magic == expected) {
            return;
        }
        String wanted = expected == IMAGES_MAGIC ? "images" : "labels";
        if (magic == IMAGES_MAGIC || magic == LABELS_MAGIC) {
            String found = magic == IMAGES_MAGIC ? "images" : "labels";
            throw new BadDataException(file + ": is an IDX " + found + " file (magic " + magic + "), expected IDX "
                    + wanted + " (magic " + expected + ")");
        }
        throw new BadDataException(String.format("%s: bad magic number 0x%08x, expected 0x%08x (%d) for IDX %s: "
                + "not an IDX file of unsigned bytes", file, magic, expected, expected, wanted));
    }

    private static int readDimension(Path file, InputStream in, String what, int min) throws IOException {
        int value = readInt(file, in, what);
        if (value < min) {
            throw new BadDataException(file + ": header declares " + what + " " + value + ", must be ≥ " + min);
        }
        return value;
    }

    private static int readInt(Path file, InputStream in, String what) throws IOException {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int b = readByte(file, in);
            if (b < 0) {
                throw new BadDataException(file + ": truncated header: the file ends inside the " + what);
            }
            value = (value << 8) | b;
        }
        return value;
    }

    private static int readByte(Path file, InputStream in) throws IOException {
        try {
            return in.read();
        } catch (IOException e) {
            throw wrap(file, e);
        }
    }

    /**
     * Reads the first {@code keep} of the {@code declaredBytes} data bytes, skips the rest, and checks that the
     * data ends exactly there.
     */
    private static byte[] readPayload(Path file, InputStream in, long declaredBytes, int keep, String declared)
            throws IOException {
        try {
            byte[] kept = new byte[keep];
            int read = in.readNBytes(kept, 0, keep);
            long seen = read;
            if (read == keep) {
                seen += skip(in, declaredBytes - keep);
            }
            if (seen < declaredBytes) {
                throw new BadDataException(file + ": truncated: the header declares " + declared + " (" + declaredBytes
                        + " data bytes) but the data ends after " + seen + " bytes");
            }
            long trailing = skip(in, Long.MAX_VALUE);
            if (trailing > 0) {
                throw new BadDataException(file + ": " + trailing + " bytes after the " + declared
                        + " the header declares (wrong header or not an IDX file?)");
            }
            return kept;
        } catch (EOFException | ZipException e) {
            throw wrap(file, e);
        }
    }

    /** Skips up to {@code n} bytes; returns how many there were. */
    private static long skip(InputStream in, long n) throws IOException {
        long skipped = 0;
        byte[] buffer = null;
        while (skipped < n) {
            long step = in.skip(n - skipped);
            if (step > 0) {
                skipped += step;
                continue;
            }
            // skip() may return 0 before the end; read() tells for sure.
            if (buffer == null) {
                buffer = new byte[1 << 16];
            }
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (read < 0) {
                break;
            }
            skipped += read;
        }
        return skipped;
    }

    private static IOException wrap(Path file, IOException e) {
        String what = e instanceof ZipException || e instanceof EOFException
                ? "corrupt or truncated gzip data" : "cannot read";
        return new IOException(file + ": " + what + ": " + e.getMessage(), e);
    }

    private static int requirePositive(int maxCount) {
        if (maxCount < 1) {
            throw new IllegalArgumentException("maxCount must be ≥ 1, got " + maxCount);
        }
        return maxCount;
    }
}
