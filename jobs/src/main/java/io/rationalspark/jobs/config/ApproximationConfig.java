package io.rationalspark.jobs.config;

import io.rationalspark.layers.rational.DenominatorForm;
import io.rationalspark.layers.rational.RationalSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Section {@code study.approximation}: the function-approximation experiment of the param-efficiency job — small
 * scalar networks fitted to a target function on [-1, 1], max error against parameters.
 *
 * @param enabled          {@code study.approximation.enabled}
 * @param only             {@code study.approximation.only}: run this experiment without the width study
 * @param targets          {@code study.approximation.targets}: the functions to fit, no duplicates
 * @param trainPoints      {@code study.approximation.trainPoints}: size of the uniform training grid
 * @param evaluationPoints {@code study.approximation.evaluationPoints}: size of the uniform evaluation grid
 * @param iterations       {@code study.approximation.iterations}: full-batch Adam steps per training
 * @param learningRate     {@code study.approximation.learningRate}: Adam's first learning rate
 * @param restarts         {@code study.approximation.restarts}: trainings per network, each from its own seed
 * @param firstSeed        {@code study.approximation.firstSeed}: restart r uses firstSeed + r
 * @param relu             {@code study.approximation.relu}: the ReLU networks, depth × width
 * @param rational         {@code study.approximation.rational}: the rational networks, depth × width
 * @param rationalTypes    {@code study.approximation.rationalTypes}: the rational activations, each used with every
 *                         rational network size
 */
public record ApproximationConfig(boolean enabled, boolean only, List<Target> targets, int trainPoints,
                                  int evaluationPoints, int iterations, double learningRate, int restarts, long firstSeed,
                                  List<Size> relu, List<Size> rational, List<RationalType> rationalTypes) {

    private static final String KEY = "study.approximation";

    /** The functions the networks approximate on [-1, 1]. */
    public enum Target {
        /** |x|: the kink that polynomials approximate slowly and rationals fast (Newman 1964). */
        ABS("|x|"),
        /** exp(x)·sin(5x): smooth and oscillating, where piecewise-linear ReLU networks need many pieces. */
        EXP_SIN("exp(x)·sin(5x)");

        private final String formula;

        Target(String formula) {
            this.formula = formula;
        }

        /** The value of the function at x. */
        public double value(double x) {
            return this == ABS ? Math.abs(x) : Math.exp(x) * Math.sin(5 * x);
        }

        /** How reports write it: {@code |x|}, {@code exp(x)·sin(5x)}. */
        public String formula() {
            return formula;
        }

        /** The name used in configs: {@code abs}, {@code exp-sin}. */
        public String configName() {
            return ConfigReader.configName(this);
        }

        static Target parse(String key, String text) {
            String name = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
            for (Target t : values()) {
                if (t.configName().equals(name)) {
                    return t;
                }
            }
            List<String> names = Arrays.stream(values()).map(Target::configName).collect(Collectors.toList());
            throw new IllegalArgumentException(key + ": unknown target '" + text + "'; expected one of "
                    + String.join(", ", names) + Suggestions.didYouMean(name, names));
        }
    }

    /** A network's shape: {@code depth} hidden layers of {@code width} units each, written "DxW" ("2x8"). */
    public record Size(int depth, int width) {

        private static final Pattern FORMAT = Pattern.compile("\\s*(\\d+)\\s*[xX×]\\s*(\\d+)\\s*");

        public Size {
            Checks.atLeast("depth", depth, 1);
            Checks.atLeast("width", width, 1);
        }

        static Size parse(String key, String text) {
            Matcher m = FORMAT.matcher(text);
            if (!m.matches()) {
                throw new IllegalArgumentException(key + ": expected depth x width such as \"2x8\", got '" + text
                        + "'");
            }
            try {
                return new Size(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + ": depth and width must be integers, got '" + text + "'");
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + ": " + e.getMessage() + " (in '" + text + "')");
            }
        }

        @Override
        public String toString() {
            return depth + "x" + width;
        }
    }

    /** A rational activation type: degrees (m, n) and the denominator form, written "(3,2) plain". */
    public record RationalType(int numeratorDegree, int denominatorDegree, DenominatorForm form) {

        private static final Pattern FORMAT = Pattern.compile("\\s*\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\)\\s*(\\S+)\\s*");

        public RationalType {
            if (numeratorDegree < 1 || numeratorDegree > RationalSpec.MAX_DEGREE || denominatorDegree < 0
                    || denominatorDegree > RationalSpec.MAX_DEGREE) {
                throw new IllegalArgumentException("degrees must satisfy 1 <= m <= " + RationalSpec.MAX_DEGREE
                        + " and 0 <= n <= " + RationalSpec.MAX_DEGREE + ", got (" + numeratorDegree + ","
                        + denominatorDegree + ")");
            }
        }

        static RationalType parse(String key, String text) {
            Matcher m = FORMAT.matcher(text);
            if (!m.matches()) {
                throw new IllegalArgumentException(key + ": expected \"(m,n) form\" such as \"(3,2) plain\", got '"
                        + text + "'");
            }
            try {
                return new RationalType(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        DenominatorForm.parse(m.group(3)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + ": " + e.getMessage().replaceFirst("^rational\\.form: ", "")
                        + " (in '" + text + "')");
            }
        }

        /** Rational coefficients per activation: (m + 1) + n. */
        public int coefficients() {
            return numeratorDegree + 1 + denominatorDegree;
        }

        @Override
        public String toString() {
            return "(" + numeratorDegree + "," + denominatorDegree + ") " + ConfigReader.configName(form);
        }
    }

    public ApproximationConfig {
        if (only && !enabled) {
            throw new IllegalArgumentException(KEY + ".only = true runs nothing while " + KEY
                    + ".enabled = false; enable the experiment or set only = false");
        }
        targets = List.copyOf(noDuplicates(KEY + ".targets", targets));
        if (targets.isEmpty()) {
            throw new IllegalArgumentException(KEY + ".targets must list at least one target, got []");
        }
        Checks.atLeast(KEY + ".trainPoints", trainPoints, 2);
        Checks.atLeast(KEY + ".evaluationPoints", evaluationPoints, 2);
        Checks.atLeast(KEY + ".iterations", iterations, 1);
        Checks.positive(KEY + ".learningRate", learningRate);
        Checks.atLeast(KEY + ".restarts", restarts, 1);
        relu = List.copyOf(noDuplicates(KEY + ".relu", relu));
        rational = List.copyOf(noDuplicates(KEY + ".rational", rational));
        rationalTypes = List.copyOf(noDuplicates(KEY + ".rationalTypes", rationalTypes));
        if (relu.isEmpty() && (rational.isEmpty() || rationalTypes.isEmpty())) {
            throw new IllegalArgumentException(KEY + ": no networks to train: " + KEY + ".relu is empty, and so is "
                    + (rational.isEmpty() ? KEY + ".rational" : KEY + ".rationalTypes"));
        }
    }

    private static <T> List<T> noDuplicates(String key, List<T> values) {
        if (values == null) {
            throw new IllegalArgumentException(key + " must be a list, got null");
        }
        Set<T> seen = new HashSet<>();
        for (int i = 0; i < values.size(); i++) {
            if (!seen.add(values.get(i))) {
                throw new IllegalArgumentException(key + "[" + i + "]: '" + values.get(i) + "' is listed twice");
            }
        }
        return values;
    }

    static ApproximationConfig read(ConfigReader r) {
        return new ApproximationConfig(r.bool(KEY + ".enabled"), r.bool(KEY + ".only"),
                parseAll(r.stringList(KEY + ".targets"), KEY + ".targets", Target::parse),
                r.integer(KEY + ".trainPoints"), r.integer(KEY + ".evaluationPoints"), r.integer(KEY + ".iterations"),
                r.number(KEY + ".learningRate"), r.integer(KEY + ".restarts"), r.longInteger(KEY + ".firstSeed"),
                parseAll(r.stringList(KEY + ".relu"), KEY + ".relu", Size::parse),
                parseAll(r.stringList(KEY + ".rational"), KEY + ".rational", Size::parse),
                parseAll(r.stringList(KEY + ".rationalTypes"), KEY + ".rationalTypes", RationalType::parse));
    }

    /** Parses each element, naming it {@code key[i]} in messages. */
    private static <T> List<T> parseAll(List<String> texts, String key, ElementParser<T> parser) {
        List<T> result = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            result.add(parser.parse(key + "[" + i + "]", texts.get(i)));
        }
        return result;
    }

    @FunctionalInterface
    private interface ElementParser<T> {
        T parse(String key, String text);
    }
}
