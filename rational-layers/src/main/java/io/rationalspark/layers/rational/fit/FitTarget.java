package io.rationalspark.layers.rational.fit;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A named target activation f for initialisation by fitting, immutable, with an optional parameter α.
 *
 * <table>
 *   <caption>Targets (spec names are case-insensitive; '_' and '-' in the name are ignored)</caption>
 *   <tr><th>spec</th><th>f(x)</th></tr>
 *   <tr><td>{@code relu}</td><td>max(x, 0)</td></tr>
 *   <tr><td>{@code leakyrelu[:α]}</td><td>x for x &gt; 0, α x otherwise; α = 0.01 by default</td></tr>
 *   <tr><td>{@code tanh}</td><td>tanh(x)</td></tr>
 *   <tr><td>{@code sigmoid}</td><td>1 / (1 + e^(−x))</td></tr>
 *   <tr><td>{@code silu} ({@code swish})</td><td>x · sigmoid(x)</td></tr>
 *   <tr><td>{@code gelu}</td><td>x · Φ(x), Φ the standard normal distribution function (exact, not the
 *       tanh approximation), see {@link ErrorFunction}</td></tr>
 *   <tr><td>{@code elu[:α]}</td><td>x for x &gt; 0, α (e^x − 1) otherwise; α = 1 by default</td></tr>
 *   <tr><td>{@code softplus}</td><td>ln(1 + e^x)</td></tr>
 *   <tr><td>{@code identity}</td><td>x</td></tr>
 *   <tr><td>{@code abs}</td><td>|x|</td></tr>
 * </table>
 *
 * <p>{@link #toString()} is the canonical spec ({@code leakyrelu:0.01}, {@code elu:1}, {@code silu}), which
 * {@link #parse(String)} reads back to an equal target.
 */
public final class FitTarget {

    private enum Kind {
        RELU("relu", Double.NaN),
        LEAKYRELU("leakyrelu", 0.01),
        TANH("tanh", Double.NaN),
        SIGMOID("sigmoid", Double.NaN),
        SILU("silu", Double.NaN),
        GELU("gelu", Double.NaN),
        ELU("elu", 1.0),
        SOFTPLUS("softplus", Double.NaN),
        IDENTITY("identity", Double.NaN),
        ABS("abs", Double.NaN);

        final String spec;
        /** Default of α, or NaN for a target without a parameter. */
        final double defaultParameter;

        Kind(String spec, double defaultParameter) {
            this.spec = spec;
            this.defaultParameter = defaultParameter;
        }

        boolean hasParameter() {
            return !Double.isNaN(defaultParameter);
        }
    }

    private static final List<String> NAMES = Arrays.stream(Kind.values())
            .map(k -> k.hasParameter() ? k.spec + "[:alpha]" : k.spec)
            .collect(Collectors.toUnmodifiableList());

    private final Kind kind;
    private final double alpha;

    private FitTarget(Kind kind, double alpha) {
        this.kind = kind;
        this.alpha = alpha;
    }

    /**
     * Reads a target spec such as {@code relu}, {@code LeakyReLU:0.2}, {@code leaky_relu}, {@code swish},
     * {@code elu:0.5}.
     *
     * @throws IllegalArgumentException naming the spec and listing the valid names, for an unknown name, a
     *                                  parameter given to a target without one, or a parameter that is not a
     *                                  finite number &ge; 0
     */
    public static FitTarget parse(String spec) {
        if (spec == null) {
            throw unknown("null");
        }
        String trimmed = spec.trim();
        int colon = trimmed.indexOf(':');
        String name = (colon < 0 ? trimmed : trimmed.substring(0, colon)).toLowerCase(Locale.ROOT)
                .replace("_", "").replace("-", "").trim();
        Kind kind = kindOf(name);
        if (kind == null) {
            throw unknown(spec);
        }
        if (colon < 0) {
            return new FitTarget(kind, kind.defaultParameter);
        }
        if (!kind.hasParameter()) {
            throw new IllegalArgumentException("fit target '" + spec + "': " + kind.spec
                    + " takes no parameter; valid targets: " + String.join(", ", NAMES));
        }
        String text = trimmed.substring(colon + 1).trim();
        double alpha;
        try {
            alpha = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw badParameter(spec, kind, text);
        }
        if (!Double.isFinite(alpha) || alpha < 0) {
            throw badParameter(spec, kind, text);
        }
        return new FitTarget(kind, alpha + 0.0); // + 0.0 turns -0.0 into 0.0
    }

    private static Kind kindOf(String name) {
        if (name.equals("swish")) {
            return Kind.SILU;
        }
        for (Kind k : Kind.values()) {
            if (k.spec.equals(name)) {
                return k;
            }
        }
        return null;
    }

    private static IllegalArgumentException unknown(String spec) {
        return new IllegalArgumentException("unknown fit target '" + spec + "'; valid targets: "
                + String.join(", ", NAMES) + " (swish = silu)");
    }

    private static IllegalArgumentException badParameter(String spec, Kind kind, String text) {
        return new IllegalArgumentException("fit target '" + spec + "': alpha of " + kind.spec
                + " must be a finite number >= 0, got '" + text + "'; valid targets: " + String.join(", ", NAMES));
    }

    /** The valid target names, parameterised ones marked {@code [:alpha]}. */
    public static List<String> names() {
        return NAMES;
    }

    /** The target's name without its parameter, e.g. {@code leakyrelu}. */
    public String name() {
        return kind.spec;
    }

    /** f(x). */
    public double value(double x) {
        switch (kind) {
            case RELU: return x > 0 ? x : 0.0;
            case LEAKYRELU: return x > 0 ? x : alpha * x;
            case TANH: return Math.tanh(x);
            case SIGMOID: return sigmoid(x);
            case SILU: return x * sigmoid(x);
            case GELU: return x * ErrorFunction.normalCdf(x);
            case ELU: return x > 0 ? x : alpha * Math.expm1(x);
            case SOFTPLUS: return Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
            case IDENTITY: return x;
            case ABS: return Math.abs(x);
            default: throw new AssertionError(kind);
        }
    }

    private static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    /** The canonical spec, e.g. {@code leakyrelu:0.01}; {@code parse(toString())} equals this target. */
    @Override
    public String toString() {
        if (!kind.hasParameter()) {
            return kind.spec;
        }
        return kind.spec + ":" + BigDecimal.valueOf(alpha).stripTrailingZeros().toPlainString();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FitTarget)) {
            return false;
        }
        FitTarget other = (FitTarget) o;
        return kind == other.kind && Double.compare(alpha, other.alpha) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, alpha);
    }
}
