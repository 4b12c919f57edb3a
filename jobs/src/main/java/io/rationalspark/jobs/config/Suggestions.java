package io.rationalspark.jobs.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean …?" for a misspelt key or value: the nearest candidate by edit distance, if it is near enough. */
final class Suggestions {

    private Suggestions() {
    }

    /**
     * The candidate nearest to {@code input} (Levenshtein distance, ignoring case), when the distance is at most
     * max(2, length / 6); otherwise a candidate with the same last path segment (a key put in the wrong
     * section), if exactly one has it.
     */
    static Optional<String> nearest(String input, Collection<String> candidates) {
        String needle = input.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = distance(needle, candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        if (best != null && bestDistance <= Math.max(2, input.length() / 6)) {
            return Optional.of(best);
        }
        String last = lastSegment(needle);
        String sameLeaf = null;
        for (String candidate : candidates) {
            if (lastSegment(candidate.toLowerCase(Locale.ROOT)).equals(last)) {
                if (sameLeaf != null) {
                    return Optional.empty();
                }
                sameLeaf = candidate;
            }
        }
        return Optional.ofNullable(sameLeaf);
    }

    /** " (did you mean 'x'?)" or "". */
    static String didYouMean(String input, Collection<String> candidates) {
        return nearest(input, candidates).map(s -> " (did you mean '" + s + "'?)").orElse("");
    }

    private static String lastSegment(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    /** Levenshtein distance: insertions, deletions and substitutions, each costing 1. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
