package io.rationalspark.jobs.data;

/** Which tokens a review longer than the sequence length keeps. */
public enum Truncation {
    /** The first L tokens (the opening of the review). */
    KEEP_START,
    /** The last L tokens (the ending, where reviews tend to sum up; Keras's {@code pad_sequences} default). */
    KEEP_END
}
