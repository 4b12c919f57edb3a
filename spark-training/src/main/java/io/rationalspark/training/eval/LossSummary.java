package io.rationalspark.training.eval;

import java.util.OptionalDouble;

/**
 * Loss of a network over a data set, without regularisation terms.
 *
 * <p>A <em>token</em> is one label position that DL4J's loss counts: one example for 2-d labels
 * ({@code [batch, classes]}), one (sequence, time step) pair for sequence labels ({@code [batch, classes, time]}
 * or NWC), in both cases only where the label mask is 1 (every position when there is no mask). Padded time
 * steps carry mask 0 and are not tokens. With L = the sum over all tokens of DL4J's per-position loss:
 * <ul>
 *   <li>{@code meanLossPerExample} = L / examples, which is what {@code net.score(ds)} reports (for a sequence
 *   model that is a loss per sequence, summed over its time steps);</li>
 *   <li>{@code meanLossPerToken} = L / tokens;</li>
 *   <li>{@code perplexity} = exp(meanLossPerToken), present only when the output layer is softmax with
 *   unweighted multi-class cross-entropy (MCXENT or NegativeLogLikelihood), where the per-position loss is
 *   −log p(true class) (DL4J clips p to [1e−10, 1 − 1e−10], so a token costs at most ≈ 23.03 nats).</li>
 * </ul>
 *
 * @param examples           examples (rows, sequences) in the data
 * @param tokens             label positions with mask 1
 * @param meanLossPerExample summed loss / examples
 * @param meanLossPerToken   summed loss / tokens
 * @param perplexity         exp(meanLossPerToken) for softmax + cross-entropy output layers, empty otherwise
 */
public record LossSummary(long examples, long tokens, double meanLossPerExample, double meanLossPerToken,
                          OptionalDouble perplexity) {

    public LossSummary {
        if (examples < 1 || tokens < 1) {
            throw new IllegalArgumentException("a loss summary needs examples >= 1 and tokens >= 1, got " + examples
                    + " and " + tokens);
        }
    }
}
