package io.rationalspark.jobs.data;

import java.util.Objects;

/**
 * One movie review: its text as published (with the {@code <br />} tags IMDB kept) and its sentiment,
 * {@value #NEGATIVE} negative or {@value #POSITIVE} positive.
 */
public record Review(String text, int label) {

    public static final int NEGATIVE = 0;
    public static final int POSITIVE = 1;

    public Review {
        Objects.requireNonNull(text, "text");
        if (label != NEGATIVE && label != POSITIVE) {
            throw new IllegalArgumentException("label must be 0 or 1, got " + label);
        }
    }
}
