package io.rationalspark.layers.attention;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.deeplearning4j.nn.weights.WeightInitXavier;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of a {@link SelfAttentionLayer}, views of the network's flattened parameter vector in this order:
 * the weights {@value #QUERY_WEIGHT}, {@value #KEY_WEIGHT}, {@value #VALUE_WEIGHT}, {@value #OUTPUT_WEIGHT}, each
 * [size, size] (row convention: q = x·Wq for a row x), then the biases {@value #QUERY_BIAS}, {@value #KEY_BIAS},
 * {@value #VALUE_BIAS}, {@value #OUTPUT_BIAS}, each [1, size]: 4·size² + 4·size values. Weights are DL4J weight
 * parameters (the layer's weight init, L1/L2, weight noise apply), biases are bias parameters.
 */
public final class SelfAttentionParamInitializer implements ParamInitializer {

    public static final String QUERY_WEIGHT = "Wq";
    public static final String KEY_WEIGHT = "Wk";
    public static final String VALUE_WEIGHT = "Wv";
    public static final String OUTPUT_WEIGHT = "Wo";
    public static final String QUERY_BIAS = "bq";
    public static final String KEY_BIAS = "bk";
    public static final String VALUE_BIAS = "bv";
    public static final String OUTPUT_BIAS = "bo";

    private static final List<String> WEIGHTS = List.of(QUERY_WEIGHT, KEY_WEIGHT, VALUE_WEIGHT, OUTPUT_WEIGHT);
    private static final List<String> BIASES = List.of(QUERY_BIAS, KEY_BIAS, VALUE_BIAS, OUTPUT_BIAS);
    private static final List<String> ALL = List.of(QUERY_WEIGHT, KEY_WEIGHT, VALUE_WEIGHT, OUTPUT_WEIGHT,
            QUERY_BIAS, KEY_BIAS, VALUE_BIAS, OUTPUT_BIAS);

    private static final SelfAttentionParamInitializer INSTANCE = new SelfAttentionParamInitializer();

    private SelfAttentionParamInitializer() {
    }

    public static SelfAttentionParamInitializer getInstance() {
        return INSTANCE;
    }

    private static SelfAttentionLayer attention(Layer layer) {
        if (!(layer instanceof SelfAttentionLayer)) {
            throw new IllegalArgumentException("expected a SelfAttentionLayer, got " + layer.getClass().getName());
        }
        return (SelfAttentionLayer) layer;
    }

    /** 4·size² + 4·size: the four projections' weights and biases. */
    public static long numParams(long size) {
        return 4 * size * size + 4 * size;
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        return numParams(attention(layer).size());
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return ALL;
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return WEIGHTS;
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return BIASES;
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return WEIGHTS.contains(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return BIASES.contains(key);
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        SelfAttentionLayer layer = attention(conf.getLayer());
        Map<String, INDArray> views = views(layer, paramsView);
        if (initializeParams) {
            long size = layer.size();
            IWeightInit weightInit = layer.getWeightInitFn() == null ? new WeightInitXavier() : layer.getWeightInitFn();
            for (String key : WEIGHTS) {
                INDArray view = views.get(key);
                view.assign(weightInit.init(size, size, new long[] {size, size}, 'c', view.dup('c')));
            }
            for (String key : BIASES) {
                views.get(key).assign(layer.getBiasInit());
            }
        }
        for (String key : ALL) {
            conf.addVariable(key);
        }
        return views;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return views(attention(conf.getLayer()), gradientView);
    }

    private Map<String, INDArray> views(SelfAttentionLayer layer, INDArray flat) {
        long size = layer.size();
        if (size <= 0) {
            throw new IllegalStateException(layer.displayName()
                    + ": size not set (give the network an input type, or set size)");
        }
        long expected = numParams(size);
        if (flat.length() != expected) {
            throw new IllegalStateException(layer.displayName() + ": expected a parameter view of " + expected
                    + " values, got " + flat.length());
        }
        INDArray vector = flat.reshape(flat.length());
        Map<String, INDArray> views = new LinkedHashMap<>();
        long offset = 0;
        for (String key : WEIGHTS) {
            views.put(key, vector.get(NDArrayIndex.interval(offset, offset + size * size)).reshape('c', size, size));
            offset += size * size;
        }
        for (String key : BIASES) {
            views.put(key, vector.get(NDArrayIndex.interval(offset, offset + size)).reshape('c', 1, size));
            offset += size;
        }
        return views;
    }
}
