package io.rationalspark.jobs.data;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Word indices for an embedding layer: index {@value #PADDING} is padding, {@value #OOV} stands for every word
 * outside the vocabulary, and 2, 3, … are the kept words from the most frequent down. {@link #size()} is what an
 * {@code EmbeddingSequenceLayer}'s {@code nIn} must be.
 *
 * <p>{@link #build} counts the {@link Tokenizer} tokens of the given texts (the training split only, so the test
 * split cannot leak into it) and keeps the {@code maxWords} most frequent; equal counts are ordered by
 * {@link String#compareTo} (alphabetically for plain ASCII words), so the result depends only on the multiset of
 * texts, never on their order or on hashing.
 *
 * <p>Saved as UTF-8 text, one entry per line, the line number (from 0) being the index: {@value #PADDING_MARK},
 * {@value #OOV_MARK}, then the words. The markers cannot collide with words, which never contain {@code <}.
 */
public final class Vocabulary {

    public static final int PADDING = 0;
    public static final int OOV = 1;
    static final String PADDING_MARK = "<pad>";
    static final String OOV_MARK = "<oov>";

    private final List<String> entries;
    private final Map<String, Integer> indices;

    private Vocabulary(List<String> entries) {
        this.entries = List.copyOf(entries);
        this.indices = new HashMap<>(2 * entries.size());
        for (int i = 2; i < entries.size(); i++) {
            indices.put(entries.get(i), i);
        }
    }

    /** The {@code maxWords} most frequent tokens of {@code texts} (fewer if there are fewer distinct tokens). */
    public static Vocabulary build(Iterable<String> texts, int maxWords) {
        if (maxWords < 1) {
            throw new IllegalArgumentException("maxWords must be ≥ 1, got " + maxWords);
        }
        Map<String, Integer> counts = new HashMap<>();
        for (String text : texts) {
            for (String token : Tokenizer.tokenize(text)) {
                counts.merge(token, 1, Integer::sum);
            }
        }
        List<Map.Entry<String, Integer>> ranked = new ArrayList<>(counts.entrySet());
        ranked.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        List<String> entries = new ArrayList<>(Math.min(ranked.size(), maxWords) + 2);
        entries.add(PADDING_MARK);
        entries.add(OOV_MARK);
        for (int i = 0; i < Math.min(ranked.size(), maxWords); i++) {
            entries.add(ranked.get(i).getKey());
        }
        return new Vocabulary(entries);
    }

    /** Indices in use: the kept words plus padding and OOV. */
    public int size() {
        return entries.size();
    }

    /** The index of {@code word}, or {@value #OOV} if it is not kept. */
    public int indexOf(String word) {
        return indices.getOrDefault(word, OOV);
    }

    /** The word at {@code index} ({@value #PADDING_MARK} and {@value #OOV_MARK} for the reserved ones). */
    public String word(int index) {
        return entries.get(index);
    }

    /** The indices of the tokens of {@code text}, unpadded. */
    public int[] encode(String text) {
        List<String> tokens = Tokenizer.tokenize(text);
        int[] encoded = new int[tokens.size()];
        for (int i = 0; i < encoded.length; i++) {
            encoded[i] = indexOf(tokens.get(i));
        }
        return encoded;
    }

    /** Writes the vocabulary to {@code file} (through a temporary file, so a reader never sees half of it). */
    public void save(Path file) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            for (String entry : entries) {
                out.write(entry);
                out.write('\n');
            }
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads a vocabulary that {@link #save} wrote, checking that every line is a marker or a distinct word. */
    public static Vocabulary load(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.size() < 2 || !lines.get(PADDING).equals(PADDING_MARK) || !lines.get(OOV).equals(OOV_MARK)) {
            throw new IOException(file + ": not a vocabulary: its first two lines must be " + PADDING_MARK + " and "
                    + OOV_MARK);
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 2; i < lines.size(); i++) {
            String word = lines.get(i);
            if (!Tokenizer.tokenize(word).equals(List.of(word))) {
                throw new IOException(file + ": line " + (i + 1) + " is \"" + word + "\", not a single token");
            }
            Integer first = seen.putIfAbsent(word, i);
            if (first != null) {
                throw new IOException(file + ": line " + (i + 1) + " repeats \"" + word + "\" of line " + (first + 1));
            }
        }
        return new Vocabulary(lines);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vocabulary other && entries.equals(other.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return "Vocabulary(" + size() + " indices: " + entries.subList(0, Math.min(size(), 12)) + (size() > 12 ? " …)" : ")");
    }
}
