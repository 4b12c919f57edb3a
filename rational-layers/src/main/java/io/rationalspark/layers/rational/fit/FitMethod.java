package io.rationalspark.layers.rational.fit;

/** What a rational fit minimises over its grid. */
public enum FitMethod {
    /** Root-mean-square error: linearised least squares, then Gauss-Newton/Levenberg-Marquardt refinement. */
    LEAST_SQUARES,
    /** Maximum (uniform) error: from the least-squares fit, L^p continuation (p = 4 ... 16384), keeping the iterate of least max error. */
    MINIMAX;

    public static FitMethod parse(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(java.util.Locale.ROOT).replace('-', '_');
        switch (key) {
            case "least_squares": case "lsq": case "ls": return LEAST_SQUARES;
            case "minimax": case "uniform": return MINIMAX;
            default:
                throw new IllegalArgumentException("rational.init.method: unknown fit method '" + name
                        + "'; expected least-squares or minimax");
        }
    }
}
