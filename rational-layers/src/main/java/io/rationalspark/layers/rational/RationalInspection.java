package io.rationalspark.layers.rational;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Looks into trained rational layers: finds them in a network, samples their learned R(x) on an interval
 * (for plots), and summarises their stability (min Q over an input sample, coefficient norms).
 */
public final class RationalInspection {

    private RationalInspection() {
    }

    /** One learned curve: R of coefficient set {@code set} at the points {@code x}. */
    public record Curve(int set, double[] x, double[] y) {
    }

    /** The rational layers of a MultiLayerNetwork or ComputationGraph, by layer name (or index), in order. */
    public static Map<String, RationalLayerImpl> rationalLayers(Model model) {
        Map<String, RationalLayerImpl> found = new LinkedHashMap<>();
        Layer[] layers;
        if (model instanceof MultiLayerNetwork) {
            layers = ((MultiLayerNetwork) model).getLayers();
        } else if (model instanceof ComputationGraph) {
            layers = ((ComputationGraph) model).getLayers();
        } else {
            throw new IllegalArgumentException("expected a MultiLayerNetwork or ComputationGraph, got "
                    + model.getClass().getName());
        }
        for (Layer layer : layers) {
            if (layer instanceof RationalLayerImpl) {
                String name = layer.conf().getLayer().getLayerName();
                found.put(name == null ? String.valueOf(layer.getIndex()) : name, (RationalLayerImpl) layer);
            }
        }
        return found;
    }

    /** R(x) of every coefficient set at {@code points} evenly spaced points of [lower, upper]. */
    public static Curve[] sample(RationalCoefficients coefficients, double lower, double upper, int points) {
        if (points < 2 || !(lower < upper)) {
            throw new IllegalArgumentException("sample needs points >= 2 and lower < upper, got " + points
                    + " points on [" + lower + ", " + upper + "]");
        }
        double[] x = new double[points];
        for (int i = 0; i < points; i++) {
            x[i] = lower + (upper - lower) * i / (points - 1);
        }
        Curve[] curves = new Curve[coefficients.sets()];
        for (int s = 0; s < curves.length; s++) {
            RationalFunction f = coefficients.function(s);
            double[] y = new double[points];
            for (int i = 0; i < points; i++) {
                y[i] = f.value(x[i]);
            }
            curves[s] = new Curve(s, x.clone(), y);
        }
        return curves;
    }

    /** {@link #sample(RationalCoefficients, double, double, int)} of a layer's current coefficients. */
    public static Curve[] sample(RationalLayerImpl layer, double lower, double upper, int points) {
        return sample(layer.coefficients(), lower, upper, points);
    }

    /**
     * Stability of a layer's coefficients on {@code inputSample}, an array shaped like the layer's input
     * (channels on dimension 1).
     */
    public static StabilitySummary stability(String name, RationalCoefficients c, INDArray inputSample) {
        long[] shape = inputSample.shape();
        if (shape.length < 2 || shape[1] % c.sets() != 0) {
            throw new IllegalArgumentException("stability sample for layer '" + name + "' must have channels on"
                    + " dimension 1 divisible by " + c.sets() + " sets, got shape " + java.util.Arrays.toString(shape));
        }
        INDArray x = inputSample.castTo(DataType.DOUBLE).dup('c');
        double[] values = x.data().asDouble();
        long inner = x.length() / (shape[0] * shape[1]);
        long perSet = shape[1] / c.sets();
        RationalFunction[] functions = new RationalFunction[c.sets()];
        for (int s = 0; s < functions.length; s++) {
            functions[s] = c.function(s);
        }
        double minQ = Double.POSITIVE_INFINITY;
        int minSet = -1;
        for (int i = 0; i < values.length; i++) {
            int set = (int) ((i / inner) % shape[1] / perSet);
            double q = functions[set].denominatorValue(values[i]);
            if (q < minQ || Double.isNaN(q)) {
                minQ = q;
                minSet = set;
            }
        }
        double maxAbs = 0;
        for (double v : c.numerator()) {
            maxAbs = Math.max(maxAbs, Math.abs(v));
        }
        for (double v : c.denominator()) {
            maxAbs = Math.max(maxAbs, Math.abs(v));
        }
        return new StabilitySummary(name, c.sets(), values.length, minQ, minSet, norm(c.numerator()),
                norm(c.denominator()), maxAbs);
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d * d;
        }
        return Math.sqrt(s);
    }
}
