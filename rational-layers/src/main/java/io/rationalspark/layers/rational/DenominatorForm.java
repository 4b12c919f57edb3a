package io.rationalspark.layers.rational;

/**
 * The form of the denominator Q(x) of a rational activation R(x) = P(x) / Q(x), with
 * P(x) = a0 + a1 x + ... + am x^m and denominator coefficients b1..bn (Q's constant term is fixed at 1).
 *
 * <ul>
 *   <li>{@link #PLAIN}: Q = 1 + b1 x + ... + bn x^n (Boullé et al. 2020). Q can reach zero: the function
 *       then has poles, and outputs become huge or infinite near them.</li>
 *   <li>{@link #SAFE_ABS_POLYNOMIAL}: Q = 1 + |b1 x + ... + bn x^n|. Q &ge; 1, pole-free.</li>
 *   <li>{@link #SAFE_ABS_TERMS}: Q = 1 + |b1||x| + ... + |bn||x|^n (the "safe" Padé activation unit of
 *       Molina et al. 2020, the paper's default). Q &ge; 1, pole-free.</li>
 * </ul>
 */
public enum DenominatorForm {
    PLAIN,
    SAFE_ABS_POLYNOMIAL,
    SAFE_ABS_TERMS;

    /** Whether Q(x) &ge; 1 for every x and every coefficient vector. */
    public boolean isPoleFree() {
        return this != PLAIN;
    }

    /** Parses {@code plain}, {@code safe-abs-polynomial}/{@code abs-polynomial}, {@code safe-abs-terms}/{@code abs-terms}/{@code safe}. */
    public static DenominatorForm parse(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        switch (key) {
            case "plain": return PLAIN;
            case "safe-abs-polynomial": case "abs-polynomial": return SAFE_ABS_POLYNOMIAL;
            case "safe-abs-terms": case "abs-terms": case "safe": return SAFE_ABS_TERMS;
            default:
                throw new IllegalArgumentException("rational.form: unknown denominator form '" + name
                        + "'; expected one of plain, safe-abs-polynomial, safe-abs-terms");
        }
    }
}
