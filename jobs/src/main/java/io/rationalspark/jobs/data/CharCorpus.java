package io.rationalspark.jobs.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * A text for character-level language modelling (Moby Dick): the text as a sequence of symbol indices over its
 * alphabet, split into a training part and a test part at its end.
 * <ul>
 *   <li>A symbol is a Unicode code point (so a character outside the Basic Multilingual Plane is one symbol);
 *       the text is kept as written (line ends included), except that a leading byte-order mark is dropped.</li>
 *   <li>The alphabet is the sorted distinct code points of the whole text, so every test symbol has an index
 *       (only the set of symbols is shared with the test part, not their frequencies).</li>
 *   <li>The test part is the last round(n · testFraction) symbols; the training part is everything before.</li>
 * </ul>
 * {@link #sequences} turns a part into next-symbol prediction examples.
 */
public final class CharCorpus {

    private final Path source;
    private final int[] alphabet;
    private final int[] symbols;
    private final int testStart;

    private CharCorpus(Path source, int[] alphabet, int[] symbols, int testStart) {
        this.source = source;
        this.alphabet = alphabet;
        this.symbols = symbols;
        this.testStart = testStart;
    }

    /**
     * Reads a UTF-8 text and keeps its last {@code testFraction} for testing.
     *
     * @throws IOException if the file cannot be read, is not valid UTF-8, is empty, or is too short to leave at
     *                     least two symbols in each part
     */
    public static CharCorpus read(Path file, double testFraction) throws IOException {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("testFraction must be in (0, 1), got " + testFraction);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new BadDataException(file + ": not valid UTF-8 text (" + e + ")", e);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        int[] codePoints = text.codePoints().toArray();
        if (codePoints.length == 0) {
            throw new BadDataException(file + ": is empty, expected a text");
        }
        int testSize = (int) Math.round(codePoints.length * testFraction);
        int testStart = codePoints.length - testSize;
        if (testStart < 2 || testSize < 2) {
            throw new BadDataException(file + ": " + codePoints.length + " characters are too few to split into a "
                    + "training and a test part of at least 2 each (testFraction " + testFraction + ")");
        }
        int[] alphabet = Arrays.stream(codePoints).distinct().sorted().toArray();
        int[] symbols = new int[codePoints.length];
        for (int i = 0; i < symbols.length; i++) {
            symbols[i] = Arrays.binarySearch(alphabet, codePoints[i]);
        }
        return new CharCorpus(file, alphabet, symbols, testStart);
    }

    /** The file the text came from. */
    public Path source() {
        return source;
    }

    /** Alphabet size V: the number of distinct symbols. */
    public int vocabularySize() {
        return alphabet.length;
    }

    /** The code point of symbol {@code index}. */
    public int codePoint(int index) {
        return alphabet[index];
    }

    /** The index of a code point, or −1 if the text does not contain it. */
    public int indexOf(int codePoint) {
        int index = Arrays.binarySearch(alphabet, codePoint);
        return index >= 0 ? index : -1;
    }

    /** Symbols in a part. */
    public int length(Split split) {
        return split == Split.TRAIN ? testStart : symbols.length - testStart;
    }

    /** A part's symbols as text. */
    public String text(Split split) {
        StringBuilder text = new StringBuilder(length(split));
        int from = split == Split.TRAIN ? 0 : testStart;
        for (int i = from; i < from + length(split); i++) {
            text.appendCodePoint(alphabet[symbols[i]]);
        }
        return text.toString();
    }

    /**
     * A part cut into non-overlapping sequences of {@code length} symbols for next-symbol prediction (see
     * {@link NextCharSequences}).
     *
     * @throws IllegalArgumentException if the part holds fewer than length + 1 symbols
     */
    public NextCharSequences sequences(Split split, int length) {
        if (length < 1) {
            throw new IllegalArgumentException("sequence length must be ≥ 1, got " + length);
        }
        int size = length(split);
        if (size < length + 1) {
            throw new IllegalArgumentException(source + ": the " + split.name().toLowerCase(Locale.ROOT)
                    + " part has " + size + " characters, fewer than the " + (length + 1)
                    + " one sequence of length " + length + " needs");
        }
        int from = split == Split.TRAIN ? 0 : testStart;
        return new NextCharSequences(Arrays.copyOfRange(symbols, from, from + size), alphabet.length, length);
    }
}
