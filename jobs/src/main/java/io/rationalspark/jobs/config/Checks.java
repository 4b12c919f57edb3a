package io.rationalspark.jobs.config;

import java.util.List;

/** Range checks whose messages name the key and the value: "trainer.workers must be >= 1, got 0". */
final class Checks {

    private Checks() {
    }

    static void atLeast(String key, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(key + " must be >= " + min + ", got " + value);
        }
    }

    static void positive(String key, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(key + " must be a finite number > 0, got " + value);
        }
    }

    /** A non-empty list of sizes, each at least 1: "model.mlp.hidden[1] must be >= 1, got 0". */
    static List<Integer> sizes(String key, List<Integer> sizes) {
        if (sizes == null || sizes.isEmpty()) {
            throw new IllegalArgumentException(key + " must list at least one size, got " + sizes);
        }
        for (int i = 0; i < sizes.size(); i++) {
            atLeast(key + "[" + i + "]", sizes.get(i), 1);
        }
        return List.copyOf(sizes);
    }
}
