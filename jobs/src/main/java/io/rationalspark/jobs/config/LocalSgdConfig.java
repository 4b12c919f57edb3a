package io.rationalspark.jobs.config;

import io.rationalspark.training.OuterOptimizer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Section {@code study.localSgd}: the grid of the local-SGD study ({@code LocalSgdStudyJob}).
 *
 * @param workers          {@code study.localSgd.workers}: worker counts, each ≥ 2, no duplicates
 * @param averagingPeriods {@code study.localSgd.averagingPeriods}: averaging periods k, each ≥ 1, no duplicates
 * @param outers           {@code study.localSgd.outers}: outer optimizers, no duplicates
 */
public record LocalSgdConfig(List<Integer> workers, List<Integer> averagingPeriods, List<Outer> outers) {

    private static final String KEY = "study.localSgd";

    /**
     * One outer optimizer of the grid, as written: {@code none}, {@code nesterov:LR:MOMENTUM} or
     * {@code slowmo:LR:MOMENTUM}.
     */
    public record Outer(String spec, OuterOptimizer optimizer) {

        static Outer parse(String key, String spec) {
            String[] parts = spec.trim().toLowerCase(Locale.ROOT).split(":");
            if (parts.length == 1 && parts[0].equals("none")) {
                return new Outer("none", new OuterOptimizer.None());
            }
            if (parts.length != 3) {
                throw new IllegalArgumentException(key + ": '" + spec + "' is not none, nesterov:LR:MOMENTUM or"
                        + " slowmo:LR:MOMENTUM");
            }
            double lr;
            double momentum;
            try {
                lr = Double.parseDouble(parts[1]);
                momentum = Double.parseDouble(parts[2]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + ": '" + spec + "': LR and MOMENTUM must be numbers", e);
            }
            OuterOptimizer optimizer = OuterOptimizer.of(key, parts[0], lr, momentum);
            return new Outer(parts[0] + ":" + parts[1] + ":" + parts[2], optimizer);
        }

        /** The settings that select this optimizer in a job config. */
        public String[] overrides() {
            if (optimizer instanceof OuterOptimizer.Nesterov n) {
                return new String[]{"trainer.outer.name=nesterov", "trainer.outer.learningRate=" + n.learningRate(),
                        "trainer.outer.momentum=" + n.momentum()};
            }
            if (optimizer instanceof OuterOptimizer.SlowMo s) {
                return new String[]{"trainer.outer.name=slowmo", "trainer.outer.learningRate=" + s.learningRate(),
                        "trainer.outer.momentum=" + s.momentum()};
            }
            return new String[]{"trainer.outer.name=none"};
        }

        /** A name usable in a directory: {@code nesterov-0.7-0.9}. */
        public String slug() {
            return spec.replace(':', '-');
        }
    }

    public LocalSgdConfig {
        workers = distinct(KEY + ".workers", workers, 2);
        averagingPeriods = distinct(KEY + ".averagingPeriods", averagingPeriods, 1);
        if (outers == null || outers.isEmpty()) {
            throw new IllegalArgumentException(KEY + ".outers must list at least one outer optimizer");
        }
        Set<String> seen = new HashSet<>();
        for (Outer o : outers) {
            if (!seen.add(o.spec())) {
                throw new IllegalArgumentException(KEY + ".outers lists '" + o.spec() + "' twice");
            }
        }
        outers = List.copyOf(outers);
    }

    private static List<Integer> distinct(String key, List<Integer> values, int min) {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException(key + " must list at least one value");
        }
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < values.size(); i++) {
            Checks.atLeast(key + "[" + i + "]", values.get(i), min);
            if (!seen.add(values.get(i))) {
                throw new IllegalArgumentException(key + " lists " + values.get(i) + " twice");
            }
        }
        return List.copyOf(values);
    }

    static LocalSgdConfig read(ConfigReader r) {
        List<Outer> outers = new ArrayList<>();
        List<String> specs = r.stringList(KEY + ".outers");
        for (int i = 0; i < specs.size(); i++) {
            outers.add(Outer.parse(KEY + ".outers[" + i + "]", specs.get(i)));
        }
        return new LocalSgdConfig(r.integerList(KEY + ".workers"), r.integerList(KEY + ".averagingPeriods"), outers);
    }
}
