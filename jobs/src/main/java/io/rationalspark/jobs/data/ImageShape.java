package io.rationalspark.jobs.data;

/** How an image minibatch's features are laid out. */
public enum ImageShape {
    /** [n, rows·cols], for dense layers ({@code InputType.feedForward}). */
    FLAT,
    /** [n, 1, rows, cols] (NCHW, one channel), for convolutional layers ({@code InputType.convolutional}). */
    CHANNELS_FIRST;

    long[] of(int n, int rows, int cols) {
        return this == FLAT ? new long[] {n, (long) rows * cols} : new long[] {n, 1, rows, cols};
    }
}
