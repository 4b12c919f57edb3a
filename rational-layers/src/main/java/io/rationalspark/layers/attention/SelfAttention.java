package io.rationalspark.layers.attention;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The math of multi-head scaled dot-product self-attention with a residual connection, forward and backward, on
 * ND4J arrays. For one example with positions t = 1..T, input vectors x_t of size S, H heads of d = S / H
 * dimensions, and a feature mask m_t ∈ {0, 1} (all ones when there is none):
 * <pre>
 *   q_t = Wqᵀ x_t + bq,   k_t = Wkᵀ x_t + bk,   v_t = Wvᵀ x_t + bv          (each of size S = H·d)
 *   per head h (the slice h·d .. (h+1)·d − 1 of q, k, v):
 *     s_tu = q_t,h · k_u,h / √d                                           (query t, key u)
 *     a_tu = m_u·exp(s_tu) / Σ_u' m_u'·exp(s_tu')                         (softmax over the unmasked keys;
 *                                                                          0 where every key is masked)
 *     o_t,h = Σ_u a_tu v_u,h
 *   y_t = m_t·(x_t + Woᵀ o_t + bo)                                        (residual; masked queries give 0)
 * </pre>
 * Backward, with g_t = m_t·dL/dy_t and, per head, dA_tu = dL/do_t,h · v_u,h:
 * <pre>
 *   dL/dWo = Σ_t o_t g_tᵀ,   dL/dbo = Σ_t g_t,   dL/do_t = Wo g_t
 *   dL/dv_u,h = Σ_t a_tu dL/do_t,h
 *   dL/ds_tu  = a_tu (dA_tu − Σ_u' a_tu' dA_tu')
 *   dL/dq_t,h = Σ_u dL/ds_tu k_u,h / √d,   dL/dk_u,h = Σ_t dL/ds_tu q_t,h / √d
 *   dL/dW· = Σ_t x_t (dL/d·_t)ᵀ,  dL/db· = Σ_t dL/d·_t          for · = q, k, v
 *   dL/dx_t = g_t + Wq dL/dq_t + Wk dL/dk_t + Wv dL/dv_t
 * </pre>
 * The key bias bk adds the same q_t,h · bk,h to every score of query t, which the softmax ignores, so its gradient
 * is exactly 0 (kept for the familiar parameterisation; gradient checks see 0 against rounding noise).
 * Arrays: the input is DL4J's recurrent NCW layout [batch, size, time]; internally positions are rows,
 * [batch·time, size], and heads are batched as [batch·heads, time, d] for ND4J's batched matrix product.
 */
public final class SelfAttention {

    /** Added to the scores of masked keys before the softmax's maximum is taken, so they never dominate it. */
    private static final double MASKED_SCORE = -1e9;

    private SelfAttention() {
    }

    /** The projections: weights [size, size] (row convention, q = x·Wq) and biases [1, size]. */
    public record Weights(INDArray wq, INDArray bq, INDArray wk, INDArray bk, INDArray wv, INDArray bv,
                          INDArray wo, INDArray bo) {
    }

    /** Gradients of the loss with respect to the input and every projection. */
    public record Gradients(INDArray input, Weights weights) {
    }

    /** What the forward pass keeps for the backward pass. */
    private record Pass(long batch, long size, long time, int heads, INDArray xf, INDArray q, INDArray k,
                        INDArray v, INDArray attention, INDArray of, INDArray queryMask, INDArray out) {
    }

    /**
     * The layer's output [batch, size, time] for input {@code x} [batch, size, time] and an optional feature mask
     * [batch, time] (null: every position counts).
     */
    public static INDArray forward(INDArray x, Weights w, int heads, INDArray mask) {
        return pass(x, w, heads, mask).out;
    }

    /**
     * The gradients for input {@code x}, mask (or null) and upstream gradient {@code gradOut} = dL/dy, both
     * [batch, size, time]; the input gradient is [batch, size, time], the weight gradients have the weights' shapes.
     */
    public static Gradients backward(INDArray x, Weights w, int heads, INDArray mask, INDArray gradOut) {
        Pass p = pass(x, w, heads, mask);
        DataType dt = p.xf.dataType();
        INDArray g = rows(gradOut.dataType() == dt ? gradOut : gradOut.castTo(dt));
        if (p.queryMask != null) {
            g.muliColumnVector(p.queryMask);
        }
        INDArray dWo = p.of.transpose().mmul(g);
        INDArray dbo = g.sum(true, 0);
        INDArray dO = heads(g.mmul(w.wo().transpose()), p.batch, p.time, heads);

        INDArray a = p.attention;
        INDArray dV = Nd4j.matmul(a, dO, true, false, false);
        INDArray dA = Nd4j.matmul(dO, p.v, false, true, false);
        INDArray weighted = dA.mul(a).sum(2);
        Broadcast.sub(dA, weighted, dA, 0, 1);
        INDArray dS = dA.muli(a).muli(1.0 / Math.sqrt((double) p.size / heads));
        INDArray dQ = Nd4j.matmul(dS, p.k);
        INDArray dK = Nd4j.matmul(dS, p.q, true, false, false);

        INDArray dqf = positions(dQ, p.batch, p.time, heads);
        INDArray dkf = positions(dK, p.batch, p.time, heads);
        INDArray dvf = positions(dV, p.batch, p.time, heads);
        INDArray xt = p.xf.transpose();
        Weights dw = new Weights(xt.mmul(dqf), dqf.sum(true, 0), xt.mmul(dkf), dkf.sum(true, 0),
                xt.mmul(dvf), dvf.sum(true, 0), dWo, dbo);
        INDArray dxf = g.addi(dqf.mmul(w.wq().transpose())).addi(dkf.mmul(w.wk().transpose()))
                .addi(dvf.mmul(w.wv().transpose()));
        return new Gradients(sequences(dxf, p.batch, p.time), dw);
    }

    private static Pass pass(INDArray x, Weights w, int heads, INDArray features) {
        INDArray mask = features == null || features.dataType() == x.dataType() ? features
                : features.castTo(x.dataType());
        long batch = x.size(0);
        long size = x.size(1);
        long time = x.size(2);
        INDArray xf = rows(x);
        INDArray q = heads(project(xf, w.wq(), w.bq()), batch, time, heads);
        INDArray k = heads(project(xf, w.wk(), w.bk()), batch, time, heads);
        INDArray v = heads(project(xf, w.wv(), w.bv()), batch, time, heads);

        INDArray scores = Nd4j.matmul(q, k, false, true, false).muli(1.0 / Math.sqrt((double) size / heads));
        INDArray keyMask = mask == null ? null : perHead(mask, heads);
        INDArray attention = softmaxOverKeys(scores, keyMask);
        INDArray of = positions(Nd4j.matmul(attention, v), batch, time, heads);

        INDArray yf = project(of, w.wo(), w.bo()).addi(xf);
        INDArray queryMask = null;
        if (mask != null) {
            queryMask = mask.reshape('c', batch * time, 1);
            yf.muliColumnVector(queryMask);
        }
        return new Pass(batch, size, time, heads, xf, q, k, v, attention, of, queryMask, sequences(yf, batch, time));
    }

    private static INDArray project(INDArray rows, INDArray weight, INDArray bias) {
        return rows.mmul(weight).addiRowVector(bias);
    }

    /** Softmax of {@code scores} [n, T, T] over its last dimension, restricted to the keys where keyMask [n, T] is 1. */
    private static INDArray softmaxOverKeys(INDArray scores, INDArray keyMask) {
        if (keyMask != null) {
            INDArray penalty = keyMask.rsub(1.0).muli(MASKED_SCORE);
            Broadcast.add(scores, penalty, scores, 0, 2);
        }
        Broadcast.sub(scores, scores.max(2), scores, 0, 1);
        INDArray e = Transforms.exp(scores, false);
        if (keyMask != null) {
            Broadcast.mul(e, keyMask, e, 0, 2);
        }
        INDArray sum = e.sum(2);
        sum.addi(sum.eq(0.0).castTo(sum.dataType())); // every key masked: weights stay 0
        Broadcast.div(e, sum, e, 0, 1);
        return e;
    }

    /** The mask [batch, T] repeated for every head: [batch·heads, T], example-major like {@link #heads}. */
    private static INDArray perHead(INDArray mask, int heads) {
        long batch = mask.size(0);
        long time = mask.size(1);
        return Nd4j.tile(mask.reshape('c', batch, 1, time), 1, heads, 1).reshape('c', batch * heads, time);
    }

    /** [batch, size, time] → [batch·time, size], one row per position (a copy, c order). */
    private static INDArray rows(INDArray sequences) {
        return sequences.permute(0, 2, 1).dup('c').reshape('c', sequences.size(0) * sequences.size(2),
                sequences.size(1));
    }

    /** [batch·time, size] → [batch, size, time] (a view). */
    private static INDArray sequences(INDArray rows, long batch, long time) {
        return rows.reshape('c', batch, time, rows.size(1)).permute(0, 2, 1);
    }

    /** [batch·time, size] → [batch·heads, time, size / heads] (a copy, c order). */
    private static INDArray heads(INDArray rows, long batch, long time, int heads) {
        long d = rows.size(1) / heads;
        return rows.reshape('c', batch, time, heads, d).permute(0, 2, 1, 3).dup('c')
                .reshape('c', batch * heads, time, d);
    }

    /** The inverse of {@link #heads}: [batch·heads, time, d] → [batch·time, heads·d] (a copy, c order). */
    private static INDArray positions(INDArray perHead, long batch, long time, int heads) {
        long d = perHead.size(2);
        return perHead.reshape('c', batch, heads, time, d).permute(0, 2, 1, 3).dup('c')
                .reshape('c', batch * time, heads * d);
    }
}
