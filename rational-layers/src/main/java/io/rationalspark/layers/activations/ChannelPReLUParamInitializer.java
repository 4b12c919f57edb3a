package io.rationalspark.layers.activations;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The one parameter of a {@link ChannelPReLULayer}: {@value #ALPHA}, the slopes, of shape [1, channels], a view of
 * the network's flattened parameter vector, so it is trained, averaged and saved like any weight. It is neither a
 * weight nor a bias to DL4J, so no L1/L2 regularisation applies to it.
 */
public final class ChannelPReLUParamInitializer implements ParamInitializer {

    public static final String ALPHA = "alpha";

    private static final ChannelPReLUParamInitializer INSTANCE = new ChannelPReLUParamInitializer();

    private ChannelPReLUParamInitializer() {
    }

    public static ChannelPReLUParamInitializer getInstance() {
        return INSTANCE;
    }

    private static ChannelPReLULayer prelu(Layer layer) {
        if (!(layer instanceof ChannelPReLULayer)) {
            throw new IllegalArgumentException("expected a ChannelPReLULayer, got " + layer.getClass().getName());
        }
        return (ChannelPReLULayer) layer;
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        return prelu(layer).getNIn();
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return List.of(ALPHA);
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
        ChannelPReLULayer layer = prelu(conf.getLayer());
        INDArray alpha = view(layer, paramsView);
        if (initializeParams) {
            double slope = layer.getInitialSlope();
            if (!Double.isFinite(slope)) {
                throw new IllegalStateException("prelu layer '" + layer.getLayerName()
                        + "': initialSlope must be finite, got " + slope);
            }
            alpha.assign(slope);
        }
        conf.addVariable(ALPHA);
        return Collections.singletonMap(ALPHA, alpha);
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return Collections.singletonMap(ALPHA, view(prelu(conf.getLayer()), gradientView));
    }

    private static INDArray view(ChannelPReLULayer layer, INDArray flat) {
        long channels = layer.getNIn();
        if (channels <= 0) {
            throw new IllegalStateException("prelu layer '" + layer.getLayerName()
                    + "': channel count not set (give the network an input type, or set channels)");
        }
        if (flat.length() != channels) {
            throw new IllegalStateException("prelu layer '" + layer.getLayerName() + "': expected a parameter view of "
                    + channels + " values, got " + flat.length());
        }
        return flat.reshape('c', 1, channels);
    }
}
