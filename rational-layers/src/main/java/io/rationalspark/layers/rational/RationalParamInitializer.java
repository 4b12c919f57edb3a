package io.rationalspark.layers.rational;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of a {@link RationalLayer}: {@value #NUMERATOR} of shape [sets, m + 1] (a0..am per set) and,
 * when n &gt; 0, {@value #DENOMINATOR} of shape [sets, n] (b1..bn per set), both views of the network's
 * flattened parameter vector, so they are trained, averaged and saved like any weight. They are neither
 * weights nor biases to DL4J, so no L1/L2 regularisation applies to them.
 */
public final class RationalParamInitializer implements ParamInitializer {

    public static final String NUMERATOR = "numerator";
    public static final String DENOMINATOR = "denominator";

    private static final RationalParamInitializer INSTANCE = new RationalParamInitializer();

    private RationalParamInitializer() {
    }

    public static RationalParamInitializer getInstance() {
        return INSTANCE;
    }

    private static RationalLayer rational(Layer layer) {
        if (!(layer instanceof RationalLayer)) {
            throw new IllegalArgumentException("expected a RationalLayer, got " + layer.getClass().getName());
        }
        return (RationalLayer) layer;
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        RationalLayer r = rational(layer);
        RationalSpec spec = r.spec();
        return (long) spec.sharing().sets(r.getNIn()) * spec.coefficientsPerSet();
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return rational(layer).getDenominatorDegree() > 0 ? List.of(NUMERATOR, DENOMINATOR) : List.of(NUMERATOR);
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return Collections.emptyList();
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return Collections.emptyList();
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return false;
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return false;
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        RationalLayer layer = rational(conf.getLayer());
        RationalSpec spec = layer.spec();
        Map<String, INDArray> views = views(layer, paramsView);
        if (initializeParams) {
            RationalCoefficients start = RationalCoefficients.repeated(spec.initialFunction(), layer.coefficientSets());
            INDArray numerator = views.get(NUMERATOR);
            numerator.assign(Nd4j.createFromArray(start.numerator()).reshape(numerator.shape()).castTo(numerator.dataType()));
            if (views.containsKey(DENOMINATOR)) {
                INDArray denominator = views.get(DENOMINATOR);
                denominator.assign(Nd4j.createFromArray(start.denominator()).reshape(denominator.shape())
                        .castTo(denominator.dataType()));
            }
        }
        for (String key : views.keySet()) {
            conf.addVariable(key);
        }
        return views;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return views(rational(conf.getLayer()), gradientView);
    }

    private Map<String, INDArray> views(RationalLayer layer, INDArray flat) {
        long expected = numParams(layer);
        if (flat.length() != expected) {
            throw new IllegalStateException("rational layer '" + layer.getLayerName() + "': expected a parameter view of "
                    + expected + " values, got " + flat.length());
        }
        int sets = layer.coefficientSets();
        int m1 = layer.getNumeratorDegree() + 1;
        int n = layer.getDenominatorDegree();
        INDArray vector = flat.reshape(flat.length());
        Map<String, INDArray> views = new LinkedHashMap<>();
        views.put(NUMERATOR, vector.get(NDArrayIndex.interval(0, (long) sets * m1)).reshape('c', sets, m1));
        if (n > 0) {
            views.put(DENOMINATOR, vector.get(NDArrayIndex.interval((long) sets * m1, expected)).reshape('c', sets, n));
        }
        return views;
    }
}
