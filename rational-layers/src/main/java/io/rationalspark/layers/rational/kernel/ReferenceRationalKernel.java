package io.rationalspark.layers.rational.kernel;

import io.rationalspark.layers.rational.DenominatorForm;
import io.rationalspark.layers.rational.RationalCoefficients;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.MirroringPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The rational activation written op by op with ND4J operations: runs on any ND4J backend and is easy to
 * read against the formulas, at the price of one full pass over memory per Horner step. It is the reference
 * the fused kernels are tested against.
 *
 * <p>The input is viewed as [outer, sets, run] (C order) so that each coefficient of each set broadcasts
 * along dimension 1; coefficient gradients are sums over dimensions 0 and 2.
 */
public final class ReferenceRationalKernel implements RationalKernel {

    @Override
    public String name() {
        return "reference-nd4j";
    }

    /**
     * Temporaries live in a per-thread workspace that is reused from call to call; without it every call leaves
     * dozens of off-heap arrays for the garbage collector, and large inputs exhaust native memory.
     */
    private static final WorkspaceConfiguration WORKSPACE = WorkspaceConfiguration.builder()
            .initialSize(0).overallocationLimit(0.1)
            .policyAllocation(AllocationPolicy.OVERALLOCATE).policyLearning(LearningPolicy.FIRST_LOOP)
            .policyMirroring(MirroringPolicy.FULL).policySpill(SpillPolicy.REALLOCATE).build();
    private static final String WORKSPACE_ID = "rationalspark-reference-kernel";

    @Override
    public void forward(RationalCoefficients c, INDArray x, INDArray y) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE, WORKSPACE_ID)) {
            Terms t = new Terms(c, x, false);
            y.assign(t.p.div(t.q).reshape('c', x.shape()));
        }
    }

    @Override
    public CoefficientGradients backward(RationalCoefficients c, INDArray x, INDArray gradOut, INDArray gradIn) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE, WORKSPACE_ID)) {
            return backwardInWorkspace(c, x, gradOut, gradIn);
        }
    }

    private CoefficientGradients backwardInWorkspace(RationalCoefficients c, INDArray x, INDArray gradOut,
                                                     INDArray gradIn) {
        Terms t = new Terms(c, x, true);
        INDArray g = gradOut.dup('c').reshape('c', t.x.shape()).dup('c');
        INDArray u = g.div(t.q);
        INDArray out = t.p.div(t.q);
        gradIn.assign(u.mul(t.dp.sub(out.mul(t.dq))).reshape('c', x.shape()));

        int sets = c.sets();
        int m1 = c.numeratorDegree() + 1;
        int n = c.denominatorDegree();
        CoefficientGradients grads = new CoefficientGradients(sets * m1, sets * n);
        INDArray power = u.dup();
        for (int k = 0; k < m1; k++) {
            scatter(power.castTo(DataType.DOUBLE).sum(0, 2), grads.numerator(), m1, k);
            power.muli(t.x);
        }
        // dL/dbj = -Σ u·y·dQ/dbj with dQ/dbj = x^j (plain), sign(S)·x^j (abs polynomial), |bj|' · |x|^j (abs terms)
        INDArray v = u.mul(out).negi();
        if (c.form() == DenominatorForm.SAFE_ABS_POLYNOMIAL) {
            v.muli(signPlus(t.s));
        }
        INDArray base = c.form() == DenominatorForm.SAFE_ABS_TERMS ? Transforms.abs(t.x, true) : t.x;
        power = v.mul(base);
        for (int j = 1; j <= n; j++) {
            scatter(power.castTo(DataType.DOUBLE).sum(0, 2), grads.denominator(), n, j - 1);
            power.muli(base);
        }
        if (c.form() == DenominatorForm.SAFE_ABS_TERMS) {
            double[] b = c.denominator();
            for (int i = 0; i < b.length; i++) {
                grads.denominator()[i] *= b[i] < 0 ? -1 : 1;
            }
        }
        return grads;
    }

    private static void scatter(INDArray perSet, double[] target, int perSetLength, int index) {
        for (int s = 0; s < perSet.length(); s++) {
            target[s * perSetLength + index] = perSet.getDouble(s);
        }
    }

    /** sign(v) with sign(0) = +1. */
    private static INDArray signPlus(INDArray v) {
        INDArray sign = Transforms.sign(v, true);
        return sign.addi(sign.eq(0).castTo(sign.dataType()));
    }

    /** Coefficient k of every set, as a vector of length sets. */
    private static INDArray column(double[] coefficients, int perSet, int k, int sets, DataType type, boolean abs) {
        double[] col = new double[sets];
        for (int s = 0; s < sets; s++) {
            double v = coefficients[s * perSet + k];
            col[s] = abs ? Math.abs(v) : v;
        }
        return Nd4j.createFromArray(col).castTo(type);
    }

    /** P, Q (and P', Q', the inner polynomial S) over x viewed as [outer, sets, run]. */
    private static final class Terms {
        final INDArray x;
        final INDArray p;
        final INDArray q;
        INDArray dp;
        INDArray dq;
        INDArray s;

        Terms(RationalCoefficients c, INDArray input, boolean derivatives) {
            INDArray dense = input.dup('c');
            ChannelLayout layout = ChannelLayout.of(dense, c.sets());
            // a fresh array: a reshaped view can carry a non-default stride on its unit dimension, which sends
            // ND4J's elementwise ops down a slow generic path
            x = dense.reshape('c', layout.outer(), c.sets(), layout.runLength()).dup('c');
            DataType type = x.dataType();
            int sets = c.sets();
            int m = c.numeratorDegree();
            int n = c.denominatorDegree();

            // Horner: P = (...(am x + a(m-1)) x + ...) x + a0, and P' alongside.
            p = Nd4j.zeros(type, x.shape());
            dp = derivatives ? Nd4j.zeros(type, x.shape()) : null;
            for (int k = m; k >= 0; k--) {
                if (derivatives) {
                    dp.muli(x).addi(p);
                }
                p.muli(x);
                Broadcast.add(p, column(c.numerator(), m + 1, k, sets, type, false), p, 1);
            }

            boolean absTerms = c.form() == DenominatorForm.SAFE_ABS_TERMS;
            INDArray base = absTerms ? Transforms.abs(x, true) : x;
            // T = Σ cj base^j (cj = |bj| for abs terms), T' = Σ j cj base^(j-1), by Horner.
            INDArray poly = Nd4j.zeros(type, x.shape());
            for (int j = n; j >= 1; j--) {
                Broadcast.add(poly, column(c.denominator(), n, j - 1, sets, type, absTerms), poly, 1);
                poly.muli(base);
            }
            INDArray dpoly = derivatives ? derivativeOfPoly(c, base, sets, type, absTerms) : null;
            switch (c.form()) {
                case PLAIN:
                    q = poly.add(1);
                    dq = dpoly;
                    break;
                case SAFE_ABS_POLYNOMIAL:
                    s = poly;
                    q = Transforms.abs(poly, true).addi(1);
                    dq = derivatives ? dpoly.mul(signPlus(poly)) : null;
                    break;
                default:
                    q = poly.add(1);
                    dq = derivatives ? dpoly.mul(signPlus(x)) : null;
                    break;
            }
        }

        /** Σ j cj base^(j-1), by Horner on the coefficients j·cj. */
        private static INDArray derivativeOfPoly(RationalCoefficients c, INDArray base, int sets, DataType type,
                                                 boolean abs) {
            int n = c.denominatorDegree();
            INDArray d = Nd4j.zeros(type, base.shape());
            for (int j = n; j >= 1; j--) {
                d.muli(base);
                INDArray col = column(c.denominator(), n, j - 1, sets, type, abs).muli(j);
                Broadcast.add(d, col, d, 1);
            }
            return d;
        }
    }
}
