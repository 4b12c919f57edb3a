package io.rationalspark.jobs.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.rationalspark.jobs.data.IdxReaderTest.assertMentions;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CharCorpusTest {

    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("text.txt"), text, StandardCharsets.UTF_8);
    }

    @Test
    void alphabetIsTheSortedDistinctCharactersAndTheTestPartIsTheEnd() throws IOException {
        // 20 characters; alphabet: ' ', 'a', 'b', 'c', '—'
        CharCorpus corpus = CharCorpus.read(write("\uFEFFabc cab—abc cab—abca"), 0.25);

        assertEquals(5, corpus.vocabularySize());
        assertArrayEquals(new int[] {' ', 'a', 'b', 'c', '—'},
                new int[] {corpus.codePoint(0), corpus.codePoint(1), corpus.codePoint(2), corpus.codePoint(3),
                        corpus.codePoint(4)});
        assertEquals(4, corpus.indexOf('—'));
        assertEquals(-1, corpus.indexOf('z'));
        assertEquals(15, corpus.length(Split.TRAIN), "the byte-order mark is dropped");
        assertEquals("abc cab—abc cab", corpus.text(Split.TRAIN));
        assertEquals("—abca", corpus.text(Split.TEST));
    }

    @Test
    void sequencesAreOneHotWindowsWithLabelsShiftedByOne() throws IOException {
        CharCorpus corpus = CharCorpus.read(write("abcbca cababc"), 0.25); // 13 characters, the last 3 for testing
        assertEquals("abcbca cab", corpus.text(Split.TRAIN));
        assertEquals("abc", corpus.text(Split.TEST));
        NextCharSequences train = corpus.sequences(Split.TRAIN, 3);
        assertEquals(3, train.size(), "⌊(10 − 1) / 3⌋ windows: abc→bcb, bca→ca␣, ␣ca→cab");

        DataSet batch = train.batch(new int[] {1, 0});

        INDArray x = batch.getFeatures();
        INDArray y = batch.getLabels();
        assertArrayEquals(new long[] {2, 4, 3}, x.shape());
        assertArrayEquals(new long[] {2, 4, 3}, y.shape());
        // Alphabet: ' ' 0, a 1, b 2, c 3.
        assertArrayEquals(new int[] {2, 3, 1}, symbols(x, 0));
        assertArrayEquals(new int[] {3, 1, 0}, symbols(y, 0));
        assertArrayEquals(new int[] {1, 2, 3}, symbols(x, 1));
        assertArrayEquals(new int[] {2, 3, 2}, symbols(y, 1));
        assertEquals(6f, x.sumNumber().floatValue(), "exactly one 1 per example and time step");
        assertEquals(6f, y.sumNumber().floatValue());

        DataSet last = corpus.sequences(Split.TEST, 1).batch(new int[] {1});
        assertArrayEquals(new int[] {2}, symbols(last.getFeatures(), 0));
        assertArrayEquals(new int[] {3}, symbols(last.getLabels(), 0));
    }

    @Test
    void symbolsOutsideTheBasicPlaneAreOneSymbol() throws IOException {
        CharCorpus corpus = CharCorpus.read(write("a🐳a🐳a🐳a🐳"), 0.5);

        assertEquals(2, corpus.vocabularySize());
        assertEquals(4, corpus.length(Split.TRAIN));
        assertEquals("a🐳a🐳", corpus.text(Split.TEST));
    }

    @Test
    void emptyShortAndInvalidTextsAreReported() throws IOException {
        Path empty = write("");
        assertMentions(assertThrows(IOException.class, () -> CharCorpus.read(empty, 0.1)), empty, "empty");

        Path tiny = write("abc");
        assertMentions(assertThrows(IOException.class, () -> CharCorpus.read(tiny, 0.1)), tiny, "too few");

        Path latin1 = Files.write(dir.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xE9, ' ', 'o', 'k'});
        assertMentions(assertThrows(IOException.class, () -> CharCorpus.read(latin1, 0.3)), latin1, "not valid UTF-8");

        CharCorpus corpus = CharCorpus.read(write("abcdefghij"), 0.2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> corpus.sequences(Split.TEST, 2));
        assertMentions(e, corpus.source(), "test part has 2 characters");
    }

    /** The symbol index that is hot at each time step of example {@code example}. */
    private static int[] symbols(INDArray oneHot, int example) {
        int steps = (int) oneHot.size(2);
        int[] symbols = new int[steps];
        for (int t = 0; t < steps; t++) {
            symbols[t] = oneHot.get(
                    org.nd4j.linalg.indexing.NDArrayIndex.point(example),
                    org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.point(t)).argMax().getInt(0);
        }
        return symbols;
    }
}
