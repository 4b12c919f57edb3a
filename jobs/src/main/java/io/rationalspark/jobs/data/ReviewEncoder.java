package io.rationalspark.jobs.data;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Turns reviews into fixed-length index sequences for an {@code EmbeddingSequenceLayer}: the
 * {@link Vocabulary} indices of the tokens, truncated to {@code length} as {@link Truncation} says, then padded
 * at the end with {@value Vocabulary#PADDING}. The real tokens always come first, so the features mask is 1 for
 * positions 0 … tokens − 1 and 0 after.
 *
 * <p>A review without tokens is encoded as one {@value Vocabulary#OOV} token, so no example has an all-zero mask
 * (masked pooling over nothing would divide by zero).
 */
public final class ReviewEncoder {

    private final Vocabulary vocabulary;
    private final int length;
    private final Truncation truncation;

    public ReviewEncoder(Vocabulary vocabulary, int length, Truncation truncation) {
        if (length < 1) {
            throw new IllegalArgumentException("sequence length must be ≥ 1, got " + length);
        }
        this.vocabulary = Objects.requireNonNull(vocabulary, "vocabulary");
        this.length = length;
        this.truncation = Objects.requireNonNull(truncation, "truncation");
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** The sequence length L. */
    public int length() {
        return length;
    }

    /** The indices of {@code text}, truncated and padded to exactly L. */
    public int[] encode(String text) {
        int[] all = vocabulary.encode(text);
        if (all.length == 0) {
            all = new int[] {Vocabulary.OOV};
        }
        int kept = Math.min(all.length, length);
        int from = truncation == Truncation.KEEP_START ? 0 : all.length - kept;
        return Arrays.copyOf(Arrays.copyOfRange(all, from, from + kept), length);
    }

    /** How many of {@link #encode}'s positions are real tokens (the rest are padding). */
    public static int tokens(int[] encoded) {
        int n = encoded.length;
        while (n > 0 && encoded[n - 1] == Vocabulary.PADDING) {
            n--;
        }
        return n;
    }

    /** The reviews encoded, as an example set whose minibatches an embedding network takes. */
    public EncodedReviews encode(List<Review> reviews) {
        int[][] sequences = new int[reviews.size()][];
        int[] labels = new int[reviews.size()];
        for (int i = 0; i < sequences.length; i++) {
            sequences[i] = encode(reviews.get(i).text());
            labels[i] = reviews.get(i).label();
        }
        return new EncodedReviews(sequences, labels, length);
    }
}
