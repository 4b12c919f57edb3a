package io.rationalspark.jobs.data;

import java.util.Arrays;

/** Labels read from an IDX file: unsigned bytes, {@link #count()} of the {@link #declaredCount()} it holds. */
public final class IdxLabels {

    private final int declaredCount;
    private final int[] values;

    IdxLabels(int declaredCount, int[] values) {
        this.declaredCount = declaredCount;
        this.values = values;
    }

    /** Labels read. */
    public int count() {
        return values.length;
    }

    /** Labels the file's header declares (and the file holds: the reader checks its length). */
    public int declaredCount() {
        return declaredCount;
    }

    /** Label {@code index}, 0 … 255. */
    public int get(int index) {
        return values[index];
    }

    /** A copy of the labels read. */
    public int[] toArray() {
        return Arrays.copyOf(values, values.length);
    }
}
