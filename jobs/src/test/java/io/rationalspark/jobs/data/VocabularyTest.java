package io.rationalspark.jobs.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static io.rationalspark.jobs.data.IdxReaderTest.assertMentions;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class VocabularyTest {

    @TempDir
    Path dir;

    /** Counts: the 4, film 3, bad 2, good 2, a 1, plot 1, zebra 1. */
    private static final List<String> TEXTS = List.of("The film, the plot.", "Good film; bad film", "the good, THE bad",
            "a zebra");

    @Test
    void keepsTheMostFrequentWordsWithAlphabeticalTies() {
        Vocabulary vocabulary = Vocabulary.build(TEXTS, 5);

        assertEquals(7, vocabulary.size());
        assertEquals(List.of("<pad>", "<oov>", "the", "film", "bad", "good", "a"), words(vocabulary));
        assertEquals(2, vocabulary.indexOf("the"));
        assertEquals(Vocabulary.OOV, vocabulary.indexOf("zebra"), "cut by maxWords");
        assertEquals(Vocabulary.OOV, vocabulary.indexOf("unseen"));
        assertEquals(Vocabulary.OOV, vocabulary.indexOf("<pad>"), "the markers are not words");
    }

    @Test
    void dependsOnlyOnTheTextsNotTheirOrder() {
        List<String> reversed = new ArrayList<>(TEXTS);
        Collections.reverse(reversed);

        assertEquals(Vocabulary.build(TEXTS, 100), Vocabulary.build(reversed, 100));
        assertEquals(9, Vocabulary.build(TEXTS, 100).size(), "all 7 words and the 2 markers");
    }

    @Test
    void savesAndLoadsAsOneWordPerLine() throws IOException {
        Vocabulary vocabulary = Vocabulary.build(TEXTS, 4);
        Path file = dir.resolve("vocab.txt");

        vocabulary.save(file);

        assertEquals(List.of("<pad>", "<oov>", "the", "film", "bad", "good"), Files.readAllLines(file));
        assertEquals(vocabulary, Vocabulary.load(file));
    }

    @Test
    void corruptVocabularyFilesAreReported() throws IOException {
        Path noMarkers = Files.writeString(dir.resolve("a.txt"), "the\nfilm\n");
        assertMentions(assertThrows(IOException.class, () -> Vocabulary.load(noMarkers)), noMarkers, "<pad>");

        Path repeated = Files.writeString(dir.resolve("b.txt"), "<pad>\n<oov>\nthe\nfilm\nthe\n");
        assertMentions(assertThrows(IOException.class, () -> Vocabulary.load(repeated)), repeated,
                "line 5 repeats \"the\" of line 3");

        Path blank = Files.writeString(dir.resolve("c.txt"), "<pad>\n<oov>\nthe\n\nfilm\n", StandardCharsets.UTF_8);
        assertMentions(assertThrows(IOException.class, () -> Vocabulary.load(blank)), blank,
                "line 4", "not a single token");
    }

    @Test
    void encodesWithPaddingAtTheEndAndTruncationAsAsked() {
        Vocabulary vocabulary = Vocabulary.build(TEXTS, 5); // the 2, film 3, bad 4, good 5, a 6
        String review = "The good film, a bad zebra";                // 2 5 3 6 4 1

        assertArrayEquals(new int[] {2, 5, 3, 6, 4, 1, 0, 0},
                new ReviewEncoder(vocabulary, 8, Truncation.KEEP_START).encode(review));
        assertArrayEquals(new int[] {2, 5, 3, 6},
                new ReviewEncoder(vocabulary, 4, Truncation.KEEP_START).encode(review));
        assertArrayEquals(new int[] {3, 6, 4, 1},
                new ReviewEncoder(vocabulary, 4, Truncation.KEEP_END).encode(review));
        assertArrayEquals(new int[] {1, 0, 0},
                new ReviewEncoder(vocabulary, 3, Truncation.KEEP_END).encode("<br />!!"), "no tokens: one OOV");
    }

    @Test
    void minibatchesHoldIndicesMaskAndOneHotLabels() {
        Vocabulary vocabulary = Vocabulary.build(TEXTS, 5);
        ReviewEncoder encoder = new ReviewEncoder(vocabulary, 4, Truncation.KEEP_START);
        EncodedReviews reviews = encoder.encode(List.of(new Review("good film", 1), new Review("the bad, the plot", 0)));

        DataSet batch = reviews.batch(new int[] {1, 0});

        assertArrayEquals(new long[] {2, 4}, batch.getFeatures().shape());
        assertArrayEquals(new float[] {2, 4, 2, 1}, batch.getFeatures().getRow(0).toFloatVector());
        assertArrayEquals(new float[] {5, 3, 0, 0}, batch.getFeatures().getRow(1).toFloatVector());
        assertArrayEquals(new float[] {1, 1, 1, 1}, batch.getFeaturesMaskArray().getRow(0).toFloatVector());
        assertArrayEquals(new float[] {1, 1, 0, 0}, batch.getFeaturesMaskArray().getRow(1).toFloatVector());
        assertArrayEquals(new float[] {1, 0}, batch.getLabels().getRow(0).toFloatVector());
        assertArrayEquals(new float[] {0, 1}, batch.getLabels().getRow(1).toFloatVector());
    }

    private static List<String> words(Vocabulary vocabulary) {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < vocabulary.size(); i++) {
            words.add(vocabulary.word(i));
        }
        return words;
    }
}
