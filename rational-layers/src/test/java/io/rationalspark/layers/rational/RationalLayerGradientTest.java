package io.rationalspark.layers.rational;

import io.rationalspark.layers.rational.kernel.RationalKernel;
import io.rationalspark.layers.rational.kernel.RationalKernels;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import io.rationalspark.layers.testing.DoublePrecision;
import io.rationalspark.layers.testing.GradientChecks;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.NoOp;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * DL4J gradient checks, in double, of networks with a rational layer for every denominator form × sharing
 * mode × input rank, in MultiLayerNetwork and ComputationGraph, with both kernels.
 */
@ExtendWith(DoublePrecision.class)
class RationalLayerGradientTest {

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (DenominatorForm form : DenominatorForm.values()) {
            for (CoefficientSharing sharing : new CoefficientSharing[] {CoefficientSharing.layer(),
                    CoefficientSharing.perChannel(), CoefficientSharing.groups(2)}) {
                for (int rank = 2; rank <= 4; rank++) {
                    cases.add(Arguments.of(form, sharing, rank));
                }
            }
        }
        return cases.stream();
    }

    private static RationalLayer layer(DenominatorForm form, CoefficientSharing sharing) {
        return new RationalLayer.Builder().degrees(4, 3).form(form).sharing(sharing)
                .init(RationalNetworks.nonDegenerateInit(4, 3)).build();
    }

    /** Moves every coefficient set away from the shared start, so per-set gradients differ. */
    private static void perturbCoefficients(org.deeplearning4j.nn.api.Layer layer, long seed) {
        java.util.Random r = new java.util.Random(seed);
        for (String key : layer.paramTable().keySet()) {
            org.nd4j.linalg.api.ndarray.INDArray p = layer.getParam(key);
            for (long i = 0; i < p.length(); i++) {
                double v = p.getDouble(i);
                p.putScalar(i, v + Math.copySign(0.05 * r.nextDouble(), v));
            }
        }
    }

    @ParameterizedTest(name = "MLN {0} {1} rank {2}")
    @MethodSource("cases")
    void multiLayerNetwork(DenominatorForm form, CoefficientSharing sharing, int rank) {
        for (RationalKernel kernel : new RationalKernel[] {RationalKernels.fusedCpu(), RationalKernels.reference()}) {
            try (RationalKernels.Scope ignored = RationalKernels.use(kernel)) {
                MultiLayerNetwork net = RationalNetworks.mln(rank, layer(form, sharing), new NoOp(), DataType.DOUBLE, 12);
                perturbCoefficients(net.getLayer(1), rank);
                GradientChecks.assertGradientsMatch(kernel.name() + " " + form + " " + sharing + " rank " + rank, net,
                        RationalNetworks.input(rank, 3, DataType.DOUBLE, 5),
                        RationalNetworks.labels(rank, 3, DataType.DOUBLE, 5));
            }
        }
    }

    @ParameterizedTest(name = "CG {0} {1} rank {2}")
    @MethodSource("cases")
    void computationGraph(DenominatorForm form, CoefficientSharing sharing, int rank) {
        ComputationGraph net = RationalNetworks.graph(rank, layer(form, sharing), new NoOp(), DataType.DOUBLE, 13);
        perturbCoefficients(net.getLayer("rational"), rank + 7);
        GradientChecks.assertGradientsMatch(form + " " + sharing + " rank " + rank, net,
                RationalNetworks.input(rank, 3, DataType.DOUBLE, 6),
                RationalNetworks.labels(rank, 3, DataType.DOUBLE, 6));
    }
}
