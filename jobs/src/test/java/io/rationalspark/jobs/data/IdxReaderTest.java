package io.rationalspark.jobs.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdxReaderTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void imagesRoundTripExactly(boolean gzip) throws IOException {
        int[] pixels = {0, 255, 128, 1, 2, 3, /* image 1 */ 254, 7, 0, 9, 10, 200};
        Path file = IdxFixtures.write(dir.resolve("images"), IdxFixtures.images(2, 2, 3, pixels), gzip);

        IdxImages images = IdxReader.readImages(file);

        assertEquals(2, images.count());
        assertEquals(2, images.declaredCount());
        assertEquals(2, images.rows());
        assertEquals(3, images.cols());
        int k = 0;
        for (int image = 0; image < 2; image++) {
            for (int row = 0; row < 2; row++) {
                for (int col = 0; col < 3; col++) {
                    assertEquals(pixels[k++], images.pixel(image, row, col), "pixel " + image + "," + row + "," + col);
                }
            }
        }
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void labelsRoundTripExactly(boolean gzip) throws IOException {
        Path file = IdxFixtures.write(dir.resolve("labels"), IdxFixtures.labels(5, 0, 9, 3, 255, 7), gzip);

        IdxLabels labels = IdxReader.readLabels(file);

        assertEquals(5, labels.declaredCount());
        assertArrayEquals(new int[] {0, 9, 3, 255, 7}, labels.toArray());
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void aLimitKeepsTheFirstExamples(boolean gzip) throws IOException {
        int[] pixels = IdxFixtures.countingPixels(4, 2, 2);
        Path images = IdxFixtures.write(dir.resolve("images"), IdxFixtures.images(4, 2, 2, pixels), gzip);
        Path labels = IdxFixtures.write(dir.resolve("labels"), IdxFixtures.labels(4, 4, 5, 6, 7), gzip);

        IdxImages first = IdxReader.readImages(images, 3);

        assertEquals(3, first.count());
        assertEquals(4, first.declaredCount());
        assertEquals(pixels[2 * 4 + 3], first.pixel(2, 1, 1));
        assertArrayEquals(new int[] {4, 5}, IdxReader.readLabels(labels, 2).toArray());
        assertEquals(4, IdxReader.readImages(images, 100).count(), "a limit above the count reads all");
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void truncatedDataIsReportedWithTheFileName(boolean gzip) throws IOException {
        byte[] whole = IdxFixtures.images(3, 2, 2, IdxFixtures.countingPixels(3, 2, 2));
        Path file = IdxFixtures.write(dir.resolve("short-images"), IdxFixtures.truncate(whole, whole.length - 1), gzip);

        IOException e = assertThrows(IOException.class, () -> IdxReader.readImages(file));
        assertMentions(e, file, "truncated", "3 images of 2x2", "11 bytes");

        // Even when only the first image is wanted, the rest of the file is checked.
        IOException limited = assertThrows(IOException.class, () -> IdxReader.readImages(file, 1));
        assertMentions(limited, file, "truncated");
    }

    @Test
    void aTruncatedHeaderIsReported() throws IOException {
        byte[] whole = IdxFixtures.images(1, 1, 1, 5);
        Path file = IdxFixtures.write(dir.resolve("header"), IdxFixtures.truncate(whole, 10), false);

        IOException e = assertThrows(IOException.class, () -> IdxReader.readImages(file));
        assertMentions(e, file, "truncated header", "row count");
    }

    @Test
    void trailingBytesAreReported() throws IOException {
        byte[] whole = IdxFixtures.labels(2, 1, 2);
        byte[] padded = java.util.Arrays.copyOf(whole, whole.length + 3);
        Path file = IdxFixtures.write(dir.resolve("padded"), padded, true);

        IOException e = assertThrows(IOException.class, () -> IdxReader.readLabels(file));
        assertMentions(e, file, "3 bytes after the 2 labels");
    }

    @Test
    void aLabelsFileIsNotTakenForImages() throws IOException {
        Path file = IdxFixtures.write(dir.resolve("labels"), IdxFixtures.labels(1, 3), false);

        IOException e = assertThrows(IOException.class, () -> IdxReader.readImages(file));
        assertMentions(e, file, "IDX labels file", "2049", "2051");
    }

    @Test
    void aWrongMagicIsReported() throws IOException {
        Path file = IdxFixtures.write(dir.resolve("float-images"), IdxFixtures.idx(0x0D03, new int[] {1, 1, 1},
                new int[] {0, 0, 0, 0}), false);

        IOException e = assertThrows(IOException.class, () -> IdxReader.readImages(file));
        assertMentions(e, file, "bad magic number 0x00000d03", "0x00000803");
    }

    @Test
    void nonPositiveDimensionsAreReported() throws IOException {
        Path file = IdxFixtures.write(dir.resolve("zero-rows"), IdxFixtures.images(1, 0, 5), false);

        IOException e = assertThrows(IOException.class, () -> IdxReader.readImages(file));
        assertMentions(e, file, "row count 0");
    }

    @Test
    void corruptGzipDataIsReported() throws IOException {
        byte[] gzip = Files.readAllBytes(IdxFixtures.write(dir.resolve("ok.gz"),
                IdxFixtures.images(2, 4, 4, IdxFixtures.countingPixels(2, 4, 4)), true));
        Path cut = dir.resolve("cut.gz");
        Files.write(cut, IdxFixtures.truncate(gzip, gzip.length / 2));
        Path garbled = dir.resolve("garbled.gz");
        byte[] flipped = gzip.clone();
        for (int i = 12; i < flipped.length - 8; i++) {
            flipped[i] ^= 0x5A;
        }
        Files.write(garbled, flipped);

        assertMentions(assertThrows(IOException.class, () -> IdxReader.readImages(cut)), cut, "gzip");
        assertMentions(assertThrows(IOException.class, () -> IdxReader.readImages(garbled)), garbled);
    }

    @Test
    void aMissingFileIsReported() {
        Path missing = dir.resolve("nothing-here");
        assertMentions(assertThrows(IOException.class, () -> IdxReader.readImages(missing)), missing);
    }

    static void assertMentions(Throwable e, Path file, String... parts) {
        String message = String.valueOf(e.getMessage());
        assertTrue(message.contains(file.toString()), "message should name " + file + ": " + message);
        for (String part : parts) {
            assertTrue(message.contains(part), "message should mention \"" + part + "\": " + message);
        }
    }
}
