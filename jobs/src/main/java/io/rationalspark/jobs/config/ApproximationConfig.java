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
 * scalar networks fitted to a target function on [-1, 1], max error against parameters — and the constructed
 * composition experiment for |x|.
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
 * @param fixedActivations {@code study.approximation.fixedActivations}: the fixed activations, each used with every
 *                         fixed network size
 * @param fixed            {@code study.approximation.fixed}: the fixed-activation networks, depth × width
 * @param rational         {@code study.approximation.rational}: the rational networks, depth × width
 * @param rationalTypes    {@code study.approximation.rationalTypes}: the rational activations, each used with every
 *                         rational network size
 */
public record ApproximationConfig(boolean enabled, boolean only, List<Target> targets, int trainPoints,
                                  int evaluationPoints, int iterations, double learningRate, int restarts, long firstSeed,
                                  List<FixedActivation> fixedActivations, List<Size> fixed, List<Size> rational,
                                  List<RationalType> rationalTypes) {

    private static final String KEY = "study.approximation";

    /** The functions the networks approximate on [-1, 1]. */
    public enum Target {
        /** |x|: the kink that polynomials approximate slowly and rationals fast (Newman 1964). */
        ABS("abs", "|x|", Math::abs),
        /** exp(x)·sin(5x): smooth and oscillating, where piecewise-linear ReLU networks need many pieces. */
        EXP_SIN("exp-sin", "exp(x)·sin(5x)", x -> Math.exp(x) * Math.sin(5 * x)),
        /** The near-pole bump η²/(x² + η²) (1/(x² + η²) scaled to peak 1) for η = 0.3. */
        BUMP_0_3("bump-0.3", "η²/(x²+η²), η=0.3", x -> bump(x, 0.3)),
        /** The bump for η = 0.1: poles at ±0.1i, ten times closer to the interval than its width. */
        BUMP_0_1("bump-0.1", "η²/(x²+η²), η=0.1", x -> bump(x, 0.1)),
        /** The bump for η = 0.03. */
        BUMP_0_03("bump-0.03", "η²/(x²+η²), η=0.03", x -> bump(x, 0.03)),
        /** GELU(x) = x·Φ(x), Φ the standard normal distribution function (with erf, not an approximation). */
        GELU("gelu", "GELU(x)", x -> 0.5 * x * (1 + erf(x / Math.sqrt(2)))),
        /** tanh(x). */
        TANH("tanh", "tanh(x)", Math::tanh);

        private final String configName;
        private final String formula;
        private final java.util.function.DoubleUnaryOperator function;

        Target(String configName, String formula, java.util.function.DoubleUnaryOperator function) {
            this.configName = configName;
            this.formula = formula;
            this.function = function;
        }

        /** The value of the function at x. */
        public double value(double x) {
            return function.applyAsDouble(x);
        }

        /** How reports write it: {@code |x|}, {@code exp(x)·sin(5x)}, {@code η²/(x²+η²), η=0.1}. */
        public String formula() {
            return formula;
        }

        /** The name used in configs: {@code abs}, {@code exp-sin}, {@code bump-0.1}, {@code gelu}, {@code tanh}. */
        public String configName() {
            return configName;
        }

        private static double bump(double x, double eta) {
            return eta * eta / (x * x + eta * eta);
        }

        /**
         * erf(z) for |z| ≤ 1 (what [-1, 1] needs: z = x/√2) from its Taylor series, to double precision: the terms
         * fall below 1e-17 of the sum after 20 terms there.
         */
        static double erf(double z) {
            if (Math.abs(z) > 1) {
                throw new IllegalArgumentException("erf is only implemented for |z| <= 1, got " + z);
            }
            double sum = 0;
            double power = z; // z^(2n+1) / n!, with its sign
            for (int n = 0; n < 30; n++) {
                sum += power / (2 * n + 1);
                power *= -z * z / (n + 1);
            }
            return 2 / Math.sqrt(Math.PI) * sum;
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

    /** The fixed activations of the networks the rational ones are measured against. */
    public enum FixedActivation {
        RELU(org.nd4j.linalg.activations.Activation.RELU),
        /** DL4J's GELU (its default, the sigmoid approximation x·σ(1.702x)). */
        GELU(org.nd4j.linalg.activations.Activation.GELU),
        TANH(org.nd4j.linalg.activations.Activation.TANH);

        private final org.nd4j.linalg.activations.Activation activation;

        FixedActivation(org.nd4j.linalg.activations.Activation activation) {
            this.activation = activation;
        }

        /** The DL4J activation. */
        public org.nd4j.linalg.activations.Activation activation() {
            return activation;
        }

        /** The name used in configs and reports: {@code relu}, {@code gelu}, {@code tanh}. */
        public String configName() {
            return ConfigReader.configName(this);
        }

        static FixedActivation parse(String key, String text) {
            String name = text.trim().toLowerCase(Locale.ROOT);
            for (FixedActivation a : values()) {
                if (a.configName().equals(name)) {
                    return a;
                }
            }
            List<String> names = Arrays.stream(values()).map(FixedActivation::configName).toList();
            throw new IllegalArgumentException(key + ": unknown fixed activation '" + text + "'; expected one of "
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
        fixedActivations = List.copyOf(noDuplicates(KEY + ".fixedActivations", fixedActivations));
        fixed = List.copyOf(noDuplicates(KEY + ".fixed", fixed));
        rational = List.copyOf(noDuplicates(KEY + ".rational", rational));
        rationalTypes = List.copyOf(noDuplicates(KEY + ".rationalTypes", rationalTypes));
        if ((fixed.isEmpty() || fixedActivations.isEmpty()) && (rational.isEmpty() || rationalTypes.isEmpty())) {
            throw new IllegalArgumentException(KEY + ": no networks to train: "
                    + (fixed.isEmpty() ? KEY + ".fixed" : KEY + ".fixedActivations") + " is empty, and so is "
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
                parseAll(r.stringList(KEY + ".fixedActivations"), KEY + ".fixedActivations", FixedActivation::parse),
                parseAll(r.stringList(KEY + ".fixed"), KEY + ".fixed", Size::parse),
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
