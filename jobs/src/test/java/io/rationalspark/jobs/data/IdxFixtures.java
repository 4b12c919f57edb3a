package io.rationalspark.jobs.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files for tests, raw or gzipped. */
final class IdxFixtures {

    private IdxFixtures() {
    }

    /** The bytes of an IDX images file: magic 2051, count, rows, cols, then the pixels as given. */
    static byte[] images(int count, int rows, int cols, int... pixels) {
        return idx(IdxReader.IMAGES_MAGIC, new int[] {count, rows, cols}, pixels);
    }

    /** The bytes of an IDX labels file: magic 2049, count, then the labels as given. */
    static byte[] labels(int count, int... labels) {
        return idx(IdxReader.LABELS_MAGIC, new int[] {count}, labels);
    }

    /** Pixel values 0, 1, 2, … (mod 256) for {@code count} images of rows × cols, with image i's first pixel = i. */
    static int[] countingPixels(int count, int rows, int cols) {
        int[] pixels = new int[count * rows * cols];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (i * 37 + 11) % 256;
        }
        return pixels;
    }

    static byte[] idx(int magic, int[] header, int[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(magic);
            for (int value : header) {
                out.writeInt(value);
            }
            for (int value : data) {
                out.writeByte(value);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return bytes.toByteArray();
    }

    static Path write(Path file, byte[] content, boolean gzip) throws IOException {
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(content);
        }
        return file;
    }

    static byte[] truncate(byte[] content, int length) {
        return Arrays.copyOf(content, length);
    }
}
