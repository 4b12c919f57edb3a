package io.rationalspark.training;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outer optimizers against a scalar reference written from their formulas, their validation, and the k
 * schedule (warm-up, doubling, cap).
 */
class OuterOptimizerTest {

    private static final int N = 7;

    /** Three outer steps of {@code optimizer} on random start/mean pairs, against the scalar formulas. */
    private static void matchesTheFormula(OuterOptimizer optimizer, boolean nesterov, double lr, double mu) {
        Random random = new Random(3);
        double[] mask = {1, 1, 0, 1, 1, 0, 1};
        double[] m = new double[N];
        INDArray momentum = null;
        for (int step = 0; step < 3; step++) {
            double[] start = new double[N];
            double[] mean = new double[N];
            for (int i = 0; i < N; i++) {
                start[i] = random.nextGaussian();
                mean[i] = start[i] + 0.1 * random.nextGaussian();
            }
            OuterOptimizer.Step s = optimizer.step(Nd4j.createFromArray(start), Nd4j.createFromArray(mean),
                    momentum, Nd4j.createFromArray(mask));
            double[] expected = new double[N];
            for (int i = 0; i < N; i++) {
                double delta = (start[i] - mean[i]) * mask[i];
                m[i] = mu * m[i] + delta;
                double update = nesterov ? lr * (delta + mu * m[i]) : lr * m[i];
                expected[i] = mask[i] == 1 ? start[i] - update : mean[i];
            }
            assertArrayEquals(expected, s.parameters().toDoubleVector(), 1e-12, optimizer + ", step " + step);
            assertArrayEquals(m, s.momentum().toDoubleVector(), 1e-12, optimizer + " momentum, step " + step);
            momentum = s.momentum();
        }
    }

    @Test
    void nesterovIsDiLoCosOuterStep() {
        matchesTheFormula(new OuterOptimizer.Nesterov(0.7, 0.9), true, 0.7, 0.9);
    }

    @Test
    void slowMoIsHeavyBallOnTheAveragedStep() {
        matchesTheFormula(new OuterOptimizer.SlowMo(1.0, 0.5), false, 1.0, 0.5);
    }

    @Test
    void learningRateOneWithoutMomentumIsThePlainAverage() {
        INDArray start = Nd4j.createFromArray(1.0, -2.0, 3.0);
        INDArray mean = Nd4j.createFromArray(0.5, -1.0, 2.5);
        INDArray all = Nd4j.createFromArray(1.0, 1.0, 1.0);
        for (OuterOptimizer o : new OuterOptimizer[]{new OuterOptimizer.Nesterov(1, 0), new OuterOptimizer.SlowMo(1, 0)}) {
            assertArrayEquals(mean.toDoubleVector(), o.step(start, mean.dup(), null, all).parameters().toDoubleVector(),
                    1e-15, o.toString());
        }
        OuterOptimizer.Step none = new OuterOptimizer.None().step(start, mean.dup(), null, all);
        assertArrayEquals(mean.toDoubleVector(), none.parameters().toDoubleVector(), 0.0);
        assertNull(none.momentum());
        assertArrayEquals(new double[]{1.0, -2.0, 3.0}, start.toDoubleVector(), 0.0, "the start is not modified");
    }

    @Test
    void badSettingsNameTheKey() {
        String[][] cases = {
                {"nesterov", "0", "0.9", "trainer.outer.learningRate must be > 0, got 0.0"},
                {"slowmo", "-1", "0.5", "trainer.outer.learningRate must be > 0, got -1.0"},
                {"nesterov", "NaN", "0.5", "trainer.outer.learningRate must be > 0, got NaN"},
                {"nesterov", "0.7", "1", "trainer.outer.momentum must be in [0, 1), got 1.0"},
                {"slowmo", "1", "-0.1", "trainer.outer.momentum must be in [0, 1), got -0.1"},
                {"adam", "1", "0.5", "trainer.outer.name must be one of none, nesterov, slowmo, got 'adam'"},
        };
        for (String[] c : cases) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OuterOptimizer.of(
                    "trainer.outer", c[0], Double.parseDouble(c[1]), Double.parseDouble(c[2])));
            assertEquals(c[3], e.getMessage());
        }
        assertEquals(new OuterOptimizer.None(), OuterOptimizer.of("trainer.outer", "None", -5, 7),
                "none ignores the settings it does not use");
        assertEquals(new OuterOptimizer.SlowMo(1, 0.5), OuterOptimizer.of("trainer.outer", "SlowMo", 1, 0.5));
    }

    @Test
    void kIsOneInTheWarmUpThenDoublesEveryEEpochsUpToTheCap() {
        AveragingConfig c = AveragingConfig.builder().averagingPeriod(5).warmupRounds(3).periodGrowth(2, 32).build();
        assertEquals(1, c.period(0, 0));
        assertEquals(1, c.period(2, 0));
        assertTrue(c.isWarmUp(2));
        assertEquals(5, c.period(3, 0));
        assertEquals(5, c.period(100, 1));
        assertEquals(10, c.period(100, 2));
        assertEquals(20, c.period(100, 5));
        assertEquals(32, c.period(100, 6), "40 is capped at 32");
        assertEquals(32, c.period(100, 1000), "no overflow far out");
        AveragingConfig fixed = AveragingConfig.builder().averagingPeriod(100).build();
        assertEquals(100, fixed.period(100, 50), "without growth the cap does not apply");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AveragingConfig.builder().averagingPeriod(100).periodGrowth(1, 64).build());
        assertEquals("trainer.maxAveragingPeriod must be >= trainer.averagingPeriod (100) when k grows"
                + " (trainer.periodDoublingEpochs = 1), got 64", e.getMessage());
    }

    @Test
    void theScheduleCountsRoundsWithTheGrowingK() {
        // 40 minibatches per partition; k = 4, doubling every epoch up to 16: 10 + 5 + 3 rounds for 3 epochs
        AveragingConfig c = AveragingConfig.builder().averagingPeriod(4).periodGrowth(1, 16).epochs(3).build();
        assertEquals(10 + 5 + 3, new RoundSchedule(c, new long[]{40, 40}).totalRounds());
        RoundSchedule schedule = new RoundSchedule(c, new long[]{40, 40});
        TrainerState state = TrainerState.start(1);
        int rounds = 0;
        while (!schedule.finished(state)) {
            RoundPlan plan = schedule.plan(state);
            assertEquals(4 << Math.min(plan.epoch(), 2), plan.period(), "round " + rounds);
            state = schedule.advance(state, plan, TrainerStateTest.round(rounds, plan.period(), 8, 1), null);
            rounds++;
        }
        assertEquals(18, rounds);
        assertEquals(40 + 40 + 48, state.iteration(), "the last round of epoch 3 runs 16 past the partition's 40");
    }

    @Test
    void theOuterStepSkipsWhatNoUpdaterTrains() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1)
                .dataType(DataType.FLOAT).updater(new Adam(0.01)).list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.TANH).build())
                .layer(new BatchNormalization.Builder().nOut(4).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        INDArray mask = Networks.trainedByUpdater(net);
        assertEquals(net.numParams(), mask.length());
        assertEquals(DataType.FLOAT, mask.dataType());
        // dense 3x4+4 = 16 trained; batch norm gamma, beta (8) trained, its running mean and variance (8) not;
        // output 4x2+2 = 10 trained
        assertEquals(16 + 8 + 10, mask.sumNumber().intValue());
        long untrained = 0;
        for (var e : net.getLayer(1).paramTable().entrySet()) {
            boolean running = !e.getKey().equals("gamma") && !e.getKey().equals("beta");
            if (running) {
                untrained += e.getValue().length();
            }
        }
        assertEquals(8, untrained, "the layer's running statistics are the untrained ones");
    }
}
