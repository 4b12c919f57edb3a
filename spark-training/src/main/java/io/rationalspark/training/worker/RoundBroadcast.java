package io.rationalspark.training.worker;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.Serializable;

/**
 * What the driver broadcasts each round: the averaged parameters and updater state (null for a reset or a
 * stateless updater), and the counters and learning-rate multiplier the workers continue from. Nothing else
 * travels per round.
 */
public record RoundBroadcast(INDArray parameters, INDArray updaterState, long round, int iteration, int epoch,
                             double learningRateMultiplier) implements Serializable {
}
