package io.rationalspark.training;

import io.rationalspark.layers.rational.RationalInspection;
import io.rationalspark.layers.rational.RationalLayerImpl;
import io.rationalspark.training.worker.WorkerReport;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Round statistics specific to rational layers: how far the workers' coefficients drifted apart before
 * averaging, and the pole monitor — min Q(x) of each rational layer over a fixed sample of its inputs.
 */
final class RationalMonitor {

    private RationalMonitor() {
    }

    /** Per rational layer: the largest (max − min) over workers of any single coefficient. */
    static Map<String, Double> coefficientSpread(List<WorkerReport> reports) {
        Map<String, double[]> min = new LinkedHashMap<>();
        Map<String, double[]> max = new LinkedHashMap<>();
        for (WorkerReport report : reports) {
            for (Map.Entry<String, double[]> e : report.rationalCoefficients().entrySet()) {
                double[] v = e.getValue();
                double[] lo = min.computeIfAbsent(e.getKey(), k -> v.clone());
                double[] hi = max.computeIfAbsent(e.getKey(), k -> v.clone());
                for (int i = 0; i < v.length; i++) {
                    lo[i] = Math.min(lo[i], v[i]);
                    hi[i] = Math.max(hi[i], v[i]);
                }
            }
        }
        Map<String, Double> spread = new LinkedHashMap<>();
        for (String layer : min.keySet()) {
            double s = 0;
            for (int i = 0; i < min.get(layer).length; i++) {
                s = Math.max(s, max.get(layer)[i] - min.get(layer)[i]);
            }
            spread.put(layer, s);
        }
        return spread;
    }

    /** Per rational layer: min Q(x) over the layer's inputs when the model sees {@code features}. */
    static Map<String, Double> minDenominator(Model model, INDArray features) {
        Map<String, Double> out = new LinkedHashMap<>();
        Map<String, RationalLayerImpl> layers = RationalInspection.rationalLayers(model);
        if (layers.isEmpty() || features == null) {
            return out;
        }
        if (model instanceof MultiLayerNetwork) {
            List<INDArray> activations = ((MultiLayerNetwork) model).feedForward(features, false);
            for (Map.Entry<String, RationalLayerImpl> e : layers.entrySet()) {
                INDArray input = activations.get(e.getValue().getIndex());
                out.put(e.getKey(), RationalInspection.stability(e.getKey(), e.getValue().coefficients(), input)
                        .minDenominator());
            }
        } else {
            ComputationGraph graph = (ComputationGraph) model;
            Map<String, INDArray> activations = graph.feedForward(features, false);
            for (Map.Entry<String, RationalLayerImpl> e : layers.entrySet()) {
                String source = graph.getConfiguration().getVertexInputs().get(e.getKey()).get(0);
                out.put(e.getKey(), RationalInspection.stability(e.getKey(), e.getValue().coefficients(),
                        activations.get(source)).minDenominator());
            }
        }
        return out;
    }
}
