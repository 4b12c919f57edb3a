package io.rationalspark.layers.rational.fit;

/**
 * Small dense linear least squares min ‖A x − y‖² in double precision by Householder QR: A = Q R with Q
 * orthogonal, so x solves R x = (Qᵀ y)[0..p). Backward stable; the conditioning problems of monomial
 * bases are handled by the callers' column scaling and an optional ridge.
 *
 * <p>A is stored by columns ({@code cols[j][i]} = A(i, j)), which keeps every reflection a loop over
 * contiguous memory.
 */
final class HouseholderLeastSquares {

    private HouseholderLeastSquares() {
    }

    /**
     * Solves min ‖A x − y‖² + μ² ‖D x‖², D = diag(‖A e_j‖): the columns are scaled to unit norm, rows μ I
     * appended, and the result scaled back. A ridge μ &gt; 0 (e.g. 1e-10) picks, among (near-)equivalent
     * solutions of a rank-deficient A, the one of (near-)minimum scaled norm; μ = 0 is the plain problem.
     * A zero column gets x_j = 0. The arguments are not modified.
     */
    static double[] solve(double[][] cols, int rows, double[] y, double ridge) {
        int p = cols.length;
        int total = rows + (ridge > 0 ? p : 0);
        double[] norms = new double[p];
        double[][] a = new double[p][total];
        for (int j = 0; j < p; j++) {
            double norm = norm(cols[j], 0, rows);
            norms[j] = norm > 0 ? norm : 1.0;
            for (int i = 0; i < rows; i++) {
                a[j][i] = cols[j][i] / norms[j];
            }
            if (ridge > 0) {
                a[j][rows + j] = ridge;
            }
        }
        double[] rhs = new double[total];
        System.arraycopy(y, 0, rhs, 0, rows);
        triangularize(a, total, rhs);
        double[] x = backSubstitute(a, rhs);
        for (int j = 0; j < p; j++) {
            x[j] /= norms[j];
        }
        return x;
    }

    /**
     * Householder QR in place: afterwards {@code cols[j][0..j]} holds column j of R (R(j, j) may be 0 for a
     * zero column) and {@code rhs} holds Qᵀ rhs, whose first p entries are the right-hand side of R x = ·
     * and the rest the residual part.
     */
    static void triangularize(double[][] cols, int rows, double[] rhs) {
        int p = cols.length;
        for (int k = 0; k < p && k < rows; k++) {
            double[] v = cols[k];
            double norm = norm(v, k, rows);
            if (norm == 0) {
                continue;
            }
            double alpha = v[k] > 0 ? -norm : norm; // R(k, k); the sign avoids cancellation in v_k
            double vk = v[k] - alpha;
            v[k] = vk;
            double beta = -1.0 / (alpha * vk);     // 2 / vᵀv, since vᵀv = −2 α v_k
            for (int j = k + 1; j < p; j++) {
                reflect(v, cols[j], k, rows, beta);
            }
            reflect(v, rhs, k, rows, beta);
            v[k] = alpha;
            for (int i = k + 1; i < rows; i++) {
                v[i] = 0;
            }
        }
    }

    private static void reflect(double[] v, double[] target, int from, int rows, double beta) {
        double dot = 0;
        for (int i = from; i < rows; i++) {
            dot += v[i] * target[i];
        }
        double s = beta * dot;
        for (int i = from; i < rows; i++) {
            target[i] -= s * v[i];
        }
    }

    /** Solves R x = rhs[0..p) with R from {@link #triangularize}; a zero pivot gives x_j = 0. */
    static double[] backSubstitute(double[][] cols, double[] rhs) {
        int p = cols.length;
        double[] x = new double[p];
        for (int j = p - 1; j >= 0; j--) {
            double s = rhs[j];
            for (int k = j + 1; k < p; k++) {
                s -= cols[k][j] * x[k];
            }
            double pivot = cols[j][j];
            x[j] = pivot == 0 ? 0 : s / pivot;
        }
        return x;
    }

    /** Euclidean norm of v[from..to), scaled against overflow and underflow. */
    static double norm(double[] v, int from, int to) {
        double scale = 0;
        for (int i = from; i < to; i++) {
            scale = Math.max(scale, Math.abs(v[i]));
        }
        if (scale == 0 || !Double.isFinite(scale)) {
            return scale;
        }
        double sum = 0;
        for (int i = from; i < to; i++) {
            double t = v[i] / scale;
            sum += t * t;
        }
        return scale * Math.sqrt(sum);
    }
}
