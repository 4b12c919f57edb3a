package io.rationalspark.jobs.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Section {@code bench}: the cluster benchmark's sweep. A base point (workers, averaging period k, data size,
 * width) and one sweep per factor, each varying that factor alone around the base point.
 *
 * @param engines          {@code bench.engines}: engines run at every point, no duplicates
 * @param workers          {@code bench.workers}: worker counts of the workers sweep, each >= 1
 * @param averagingPeriods {@code bench.averagingPeriods}: k of the averaging-period sweep, each >= 1
 * @param dataSizes        {@code bench.dataSizes}: data-size multipliers (of {@code bench.baseMinibatches}), each >= 1
 * @param widths           {@code bench.widths}: width multipliers of the parameter sweep, each > 0
 * @param base             {@code bench.base}: the point every sweep varies one factor of
 * @param baseMinibatches  {@code bench.baseMinibatches}: training minibatches at data size ×1; empty: all training
 *                         minibatches divided by the largest data size (so the largest reads them all)
 * @param warmUpRounds     {@code bench.warmUpRounds}: untimed rounds of each engine before the sweep, at the point
 *                         with the most workers (0: none)
 */
public record BenchConfig(List<TrainerConfig.Engine> engines, List<Integer> workers, List<Integer> averagingPeriods,
                          List<Integer> dataSizes, List<Double> widths, Base base, OptionalInt baseMinibatches,
                          int warmUpRounds) {

    /**
     * {@code bench.base}: the base point.
     *
     * @param workers         {@code bench.base.workers}
     * @param averagingPeriod {@code bench.base.averagingPeriod}
     * @param dataSize        {@code bench.base.dataSize}
     * @param width           {@code bench.base.width}
     */
    public record Base(int workers, int averagingPeriod, int dataSize, double width) {
        public Base {
            Checks.atLeast("bench.base.workers", workers, 1);
            Checks.atLeast("bench.base.averagingPeriod", averagingPeriod, 1);
            Checks.atLeast("bench.base.dataSize", dataSize, 1);
            Checks.positive("bench.base.width", width);
        }
    }

    public BenchConfig {
        Objects.requireNonNull(engines, "bench.engines");
        if (engines.isEmpty()) {
            throw new IllegalArgumentException("bench.engines must list at least one engine, got []");
        }
        if (new HashSet<>(engines).size() != engines.size()) {
            throw new IllegalArgumentException("bench.engines lists an engine twice: " + engines);
        }
        engines = List.copyOf(engines);
        workers = atLeastOne("bench.workers", workers);
        averagingPeriods = atLeastOne("bench.averagingPeriods", averagingPeriods);
        dataSizes = atLeastOne("bench.dataSizes", dataSizes);
        if (widths == null || widths.isEmpty()) {
            throw new IllegalArgumentException("bench.widths must list at least one width multiplier, got " + widths);
        }
        for (int i = 0; i < widths.size(); i++) {
            Checks.positive("bench.widths[" + i + "]", widths.get(i));
        }
        widths = List.copyOf(widths);
        Objects.requireNonNull(base, "bench.base");
        Objects.requireNonNull(baseMinibatches, "bench.baseMinibatches");
        baseMinibatches.ifPresent(n -> Checks.atLeast("bench.baseMinibatches", n, 1));
        Checks.atLeast("bench.warmUpRounds", warmUpRounds, 0);
    }

    /** A non-empty list of distinct integers, each at least 1. */
    private static List<Integer> atLeastOne(String key, List<Integer> values) {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException(key + " must list at least one value, got " + values);
        }
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < values.size(); i++) {
            Checks.atLeast(key + "[" + i + "]", values.get(i), 1);
            if (!seen.add(values.get(i))) {
                throw new IllegalArgumentException(key + "[" + i + "]: " + values.get(i) + " is listed twice");
            }
        }
        return List.copyOf(values);
    }

    /** The largest data-size multiplier, base included. */
    public int largestDataSize() {
        return Math.max(base.dataSize(), dataSizes.stream().mapToInt(Integer::intValue).max().orElse(1));
    }

    static BenchConfig read(ConfigReader r) {
        List<String> names = r.stringList("bench.engines");
        List<TrainerConfig.Engine> engines = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            engines.add(engine("bench.engines[" + i + "]", names.get(i)));
        }
        return new BenchConfig(engines, r.integerList("bench.workers"), r.integerList("bench.averagingPeriods"),
                r.integerList("bench.dataSizes"), r.numberList("bench.widths"),
                new Base(r.integer("bench.base.workers"), r.integer("bench.base.averagingPeriod"),
                        r.integer("bench.base.dataSize"), r.number("bench.base.width")),
                r.optionalInteger("bench.baseMinibatches"), r.integer("bench.warmUpRounds"));
    }

    private static TrainerConfig.Engine engine(String key, String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        List<String> known = new ArrayList<>();
        for (TrainerConfig.Engine e : TrainerConfig.Engine.values()) {
            if (e.configName().equals(wanted)) {
                return e;
            }
            known.add(e.configName());
        }
        throw new IllegalArgumentException(key + ": unknown engine '" + name + "'; expected one of "
                + String.join(", ", known) + Suggestions.didYouMean(wanted, known));
    }
}
