package io.rationalspark.training.eval;

import java.io.Serializable;
import java.util.OptionalDouble;

/**
 * Partial loss result of some minibatches: examples, predicted tokens and the summed loss (no regularisation).
 * Mutable, merged across partitions; {@link #summary(boolean)} divides once at the end.
 */
final class LossSums implements Serializable {
    private static final long serialVersionUID = 1L;

    private long examples;
    private long tokens;
    private double loss;

    void add(long minibatchExamples, long minibatchTokens, double minibatchLoss) {
        examples += minibatchExamples;
        tokens += minibatchTokens;
        loss += minibatchLoss;
    }

    LossSums merge(LossSums other) {
        add(other.examples, other.tokens, other.loss);
        return this;
    }

    LossSummary summary(boolean perplexityDefined) {
        if (examples == 0) {
            throw new IllegalArgumentException("no examples to compute a loss on: the data is empty");
        }
        if (tokens == 0) {
            throw new IllegalArgumentException("every label of the " + examples
                    + " examples is masked: there is no token to compute a loss on");
        }
        double perToken = loss / tokens;
        return new LossSummary(examples, tokens, loss / examples, perToken,
                perplexityDefined ? OptionalDouble.of(Math.exp(perToken)) : OptionalDouble.empty());
    }
}
