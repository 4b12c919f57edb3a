package io.rationalspark.training.worker;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The partial result of a round: parameter and updater-state sums weighted by examples, the example count,
 * the loss sum, and the workers' reports. {@link #add} folds in one worker's model; {@link #merge} combines
 * two partial results (Spark's aggregator shape), so the driver's average is sum / examples.
 */
public final class RoundAccumulator implements Serializable {

    private static final long serialVersionUID = 1L;

    private INDArray parameterSum;
    private INDArray updaterStateSum;
    private long examples;
    private double lossSum;
    private final List<WorkerReport> reports = new ArrayList<>();

    /** Adds a worker's parameters and updater state (may be null), weighted by the examples it fitted. */
    public RoundAccumulator add(INDArray parameters, INDArray updaterState, double lossSum, WorkerReport report) {
        long n = report.examples();
        if (n > 0) {
            parameterSum = accumulate(parameterSum, parameters, n);
            if (updaterState != null && updaterState.length() > 0) {
                updaterStateSum = accumulate(updaterStateSum, updaterState, n);
            }
            examples += n;
            this.lossSum += lossSum;
        }
        reports.add(report);
        return this;
    }

    private static INDArray accumulate(INDArray sum, INDArray value, long weight) {
        return sum == null ? value.mul(weight) : sum.addi(value.mul(weight));
    }

    /** Adds {@code other} into this and returns this. */
    public RoundAccumulator merge(RoundAccumulator other) {
        if (other.parameterSum != null) {
            parameterSum = parameterSum == null ? other.parameterSum : parameterSum.addi(other.parameterSum);
        }
        if (other.updaterStateSum != null) {
            updaterStateSum = updaterStateSum == null ? other.updaterStateSum : updaterStateSum.addi(other.updaterStateSum);
        }
        examples += other.examples;
        lossSum += other.lossSum;
        reports.addAll(other.reports);
        return this;
    }

    public long examples() {
        return examples;
    }

    /** Example-weighted mean of the workers' parameters. */
    public INDArray meanParameters() {
        requireExamples();
        return parameterSum.div(examples);
    }

    /** Example-weighted mean of the workers' updater states, or null when the updater keeps none. */
    public INDArray meanUpdaterState() {
        requireExamples();
        return updaterStateSum == null ? null : updaterStateSum.div(examples);
    }

    /** Example-weighted mean loss over the minibatches fitted this round. */
    public double meanLoss() {
        requireExamples();
        return lossSum / examples;
    }

    public List<WorkerReport> reports() {
        return reports;
    }

    private void requireExamples() {
        if (examples == 0) {
            throw new IllegalStateException("no worker fitted any example this round");
        }
    }
}
