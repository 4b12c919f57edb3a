package io.rationalspark.jobs.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The readers on the real files, when {@code scripts/fetch-data.sh} has fetched them (skipped otherwise). */
class RealDataTest {

    @TempDir
    Path tmp;

    @Test
    void fashionMnistFirstHundredTrainingImages() throws IOException {
        Path dir = RealData.require("fashion-mnist", "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz");

        ImageDataSet set = ImageDataSet.read(dir, Split.TRAIN, ImageShape.FLAT, 100);
        DataSet batch = Minibatches.inOrder(set, 100).get(0);

        assertImageBatch(batch, 100);
        assertArrayEquals(new long[] {100, 784}, batch.getFeatures().shape());
        assertEquals(60_000, IdxReader.readLabels(ImageDataSet.labelsFile(dir, Split.TRAIN), 1).declaredCount());
        // Fashion-MNIST's documented first labels: ankle boot, T-shirt, T-shirt, dress, T-shirt, pullover, …
        assertArrayEquals(new int[] {9, 0, 0, 3, 0, 2, 7, 2, 5, 5}, labels(set, 10));
        INDArray nchw = ImageDataSet.read(dir, Split.TEST, ImageShape.CHANNELS_FIRST, 100).batch(new int[] {0, 1})
                .getFeatures();
        assertArrayEquals(new long[] {2, 1, 28, 28}, nchw.shape());
    }

    @Test
    void mnistFirstHundredTrainingImages() throws IOException {
        Path dir = RealData.require("mnist", "train-images-idx3-ubyte", "train-labels-idx1-ubyte");

        ImageDataSet set = ImageDataSet.read(dir, Split.TRAIN, ImageShape.FLAT, 100);

        assertImageBatch(set.batch(java.util.stream.IntStream.range(0, 100).toArray()), 100);
        assertArrayEquals(new int[] {5, 0, 4, 1, 9, 2, 1, 3, 1, 4}, labels(set, 10), "MNIST's well-known first digits");
    }

    @Test
    void imdbOfficialSplitAndVocabulary() throws IOException {
        Path dir = RealData.require("imdb", "reviews.json");

        ImdbReviews reviews = ImdbReader.read(dir.resolve("reviews.json"));

        for (Split split : Split.values()) {
            List<Review> part = reviews.get(split);
            assertEquals(25_000, part.size(), split.name());
            assertEquals(12_500, part.stream().filter(r -> r.label() == Review.POSITIVE).count(), split.name());
        }
        // The first file of the archive's train/pos and test/neg directories.
        assertTrue(reviews.train().get(12_500).text().startsWith("Bromwell High is a cartoon comedy."));
        assertTrue(reviews.test().get(0).text().startsWith("Once again Mr. Costner has dragged out a movie"));

        Vocabulary vocabulary = Vocabulary.build(reviews.train().stream().map(Review::text).toList(), 10_000);
        assertEquals(10_002, vocabulary.size());
        assertEquals(List.of("the", "and", "a", "of", "to"), Arrays.asList(vocabulary.word(2), vocabulary.word(3),
                vocabulary.word(4), vocabulary.word(5), vocabulary.word(6)));
        Path saved = tmp.resolve("imdb-vocabulary.txt");
        vocabulary.save(saved);
        assertEquals(vocabulary, Vocabulary.load(saved));

        EncodedReviews test = new ReviewEncoder(vocabulary, 256, Truncation.KEEP_START).encode(reviews.test());
        DataSet batch = Minibatches.shuffled(test, 32, 7).get(0);
        assertArrayEquals(new long[] {32, 256}, batch.getFeatures().shape());
        assertTrue(batch.getFeaturesMaskArray().sumNumber().doubleValue() > 32 * 100, "reviews are long");
    }

    @Test
    void mobyDickCharacters() throws IOException {
        Path dir = RealData.require("moby-dick", "moby-dick.txt");

        CharCorpus corpus = CharCorpus.read(dir.resolve("moby-dick.txt"), 0.1);

        assertTrue(corpus.text(Split.TRAIN).startsWith("CHAPTER 1. Loomings.\n\nCall me Ishmael."));
        assertTrue(corpus.vocabularySize() > 60 && corpus.vocabularySize() < 120, "alphabet " + corpus.vocabularySize());
        assertEquals(corpus.length(Split.TEST), Math.round((corpus.length(Split.TRAIN) + corpus.length(Split.TEST)) * 0.1));
        NextCharSequences train = corpus.sequences(Split.TRAIN, 100);
        DataSet batch = Minibatches.inOrder(train, 16).get(0);
        assertArrayEquals(new long[] {16, corpus.vocabularySize(), 100}, batch.getFeatures().shape());
        assertEquals(16 * 100, batch.getLabels().sumNumber().intValue());
    }

    private static void assertImageBatch(DataSet batch, int n) {
        INDArray x = batch.getFeatures();
        INDArray y = batch.getLabels();
        assertTrue(x.minNumber().doubleValue() >= 0 && x.maxNumber().doubleValue() <= 1, "features in [0, 1]");
        assertTrue(x.maxNumber().doubleValue() > 0.99, "some pixels are white");
        assertArrayEquals(new long[] {n, 10}, y.shape());
        assertEquals(Nd4j.ones(n), y.sum(1).castTo(Nd4j.ones(n).dataType()), "one-hot rows");
        assertTrue(Arrays.stream(y.argMax(1).toIntVector()).distinct().count() >= 8, "most classes among " + n);
    }

    private static int[] labels(ImageDataSet set, int n) {
        int[] labels = new int[n];
        Arrays.setAll(labels, set::label);
        return labels;
    }
}
