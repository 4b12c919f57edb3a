package io.rationalspark.jobs.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.io.IOException;
import java.nio.file.Path;

import static io.rationalspark.jobs.data.IdxReaderTest.assertMentions;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageDataSetTest {

    @TempDir
    Path dir;

    /** Three 2x2 images, labels 7, 0, 9; raw training files and gzipped test files, named as MNIST's. */
    private void writeSet() throws IOException {
        IdxFixtures.write(dir.resolve("train-images-idx3-ubyte"),
                IdxFixtures.images(3, 2, 2, 0, 255, 51, 102, /* 1 */ 1, 2, 3, 4, /* 2 */ 255, 255, 0, 0), false);
        IdxFixtures.write(dir.resolve("train-labels-idx1-ubyte"), IdxFixtures.labels(3, 7, 0, 9), false);
        IdxFixtures.write(dir.resolve("t10k-images-idx3-ubyte.gz"), IdxFixtures.images(1, 2, 2, 10, 20, 30, 40), true);
        IdxFixtures.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), IdxFixtures.labels(1, 4), true);
    }

    @Test
    void flatMinibatchHoldsScaledPixelsAndOneHotLabels() throws IOException {
        writeSet();
        ImageDataSet set = ImageDataSet.read(dir, Split.TRAIN, ImageShape.FLAT);

        DataSet batch = set.batch(new int[] {2, 0});

        INDArray x = batch.getFeatures();
        assertEquals(DataType.FLOAT, x.dataType());
        assertArrayEquals(new long[] {2, 4}, x.shape());
        assertArrayEquals(new float[] {1f, 1f, 0f, 0f}, x.getRow(0).toFloatVector());
        assertArrayEquals(new float[] {0f, 1f, 0.2f, 0.4f}, x.getRow(1).toFloatVector());
        assertArrayEquals(new long[] {2, 10}, batch.getLabels().shape());
        assertArrayEquals(oneHot(9), batch.getLabels().getRow(0).toFloatVector());
        assertArrayEquals(oneHot(7), batch.getLabels().getRow(1).toFloatVector());
        assertNull(batch.getFeaturesMaskArray());
    }

    @Test
    void channelsFirstMinibatchIsNchw() throws IOException {
        writeSet();
        ImageDataSet set = ImageDataSet.read(dir, Split.TRAIN, ImageShape.CHANNELS_FIRST);

        INDArray x = set.batch(new int[] {1}).getFeatures();

        assertArrayEquals(new long[] {1, 1, 2, 2}, x.shape());
        assertEquals(3 / 255f, x.getFloat(0, 0, 1, 0));
        assertEquals(2 / 255f, x.getFloat(0, 0, 0, 1));
    }

    @Test
    void testSplitReadsTheGzippedFilesAndLimitsApply() throws IOException {
        writeSet();
        ImageDataSet test = ImageDataSet.read(dir, Split.TEST, ImageShape.FLAT);
        ImageDataSet firstTwo = ImageDataSet.read(dir, Split.TRAIN, ImageShape.FLAT, 2);

        assertEquals(1, test.size());
        assertEquals(4, test.label(0));
        assertArrayEquals(new float[] {10 / 255f, 20 / 255f, 30 / 255f, 40 / 255f},
                test.batch(new int[] {0}).getFeatures().toFloatVector());
        assertEquals(2, firstTwo.size());
        assertEquals(0, firstTwo.label(1));
    }

    @Test
    void countMismatchNamesBothFiles() throws IOException {
        Path images = IdxFixtures.write(dir.resolve("images"), IdxFixtures.images(2, 1, 1, 3, 4), false);
        Path labels = IdxFixtures.write(dir.resolve("labels"), IdxFixtures.labels(3, 1, 2, 3), false);

        IOException e = assertThrows(IOException.class, () -> ImageDataSet.read(images, labels, ImageShape.FLAT));

        assertMentions(e, labels, "3 labels", "2 images");
        assertMentions(e, images);
    }

    @Test
    void labelOutsideTheTenClassesIsReported() throws IOException {
        Path images = IdxFixtures.write(dir.resolve("images"), IdxFixtures.images(2, 1, 1, 3, 4), false);
        Path labels = IdxFixtures.write(dir.resolve("labels"), IdxFixtures.labels(2, 1, 10), false);

        IOException e = assertThrows(IOException.class, () -> ImageDataSet.read(images, labels, ImageShape.FLAT));

        assertMentions(e, labels, "label 1 is 10");
    }

    @Test
    void missingFilesPointToTheFetchScript() {
        IOException e = assertThrows(IOException.class, () -> ImageDataSet.read(dir, Split.TRAIN, ImageShape.FLAT));

        assertMentions(e, dir, "train-images-idx3-ubyte", "fetch-data.sh");
    }

    @Test
    void minibatchesCoverTheSetInOrderWithARemainder() throws IOException {
        writeSet();
        ImageDataSet set = ImageDataSet.read(dir, Split.TRAIN, ImageShape.FLAT);

        Minibatches batches = Minibatches.inOrder(set, 2);

        assertEquals(2, batches.count());
        assertArrayEquals(new int[] {0, 1}, batches.examplesOf(0));
        assertArrayEquals(new int[] {2}, batches.examplesOf(1));
        assertEquals(1, batches.toList().get(1).numExamples());
        assertTrue(batches.toList().get(0).getFeatures().equalsWithEps(set.batch(new int[] {0, 1}).getFeatures(), 0));
    }

    static float[] oneHot(int label) {
        float[] row = new float[10];
        row[label] = 1f;
        return row;
    }
}
