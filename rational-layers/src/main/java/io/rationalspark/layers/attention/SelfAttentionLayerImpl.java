package io.rationalspark.layers.attention;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.List;

import static io.rationalspark.layers.attention.SelfAttentionParamInitializer.KEY_BIAS;
import static io.rationalspark.layers.attention.SelfAttentionParamInitializer.KEY_WEIGHT;
import static io.rationalspark.layers.attention.SelfAttentionParamInitializer.OUTPUT_BIAS;
import static io.rationalspark.layers.attention.SelfAttentionParamInitializer.OUTPUT_WEIGHT;
import static io.rationalspark.layers.attention.SelfAttentionParamInitializer.QUERY_BIAS;
import static io.rationalspark.layers.attention.SelfAttentionParamInitializer.QUERY_WEIGHT;
import static io.rationalspark.layers.attention.SelfAttentionParamInitializer.VALUE_BIAS;
import static io.rationalspark.layers.attention.SelfAttentionParamInitializer.VALUE_WEIGHT;

/**
 * The DL4J runtime of a {@link SelfAttentionLayer}: checks the input and the mask, reads the projections from the
 * parameter views and delegates the math to {@link SelfAttention}. The backward pass recomputes the forward pass
 * from the stored input, so nothing is cached between calls.
 */
public class SelfAttentionLayerImpl extends BaseLayer<SelfAttentionLayer> {

    public SelfAttentionLayerImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public Type type() {
        return Type.FEED_FORWARD;
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public boolean hasBias() {
        return true;
    }

    private String displayName() {
        return layerConf().displayName() + " (index " + getIndex() + ")";
    }

    private SelfAttention.Weights weights(DataType dataType) {
        return new SelfAttention.Weights(param(QUERY_WEIGHT, dataType), param(QUERY_BIAS, dataType),
                param(KEY_WEIGHT, dataType), param(KEY_BIAS, dataType), param(VALUE_WEIGHT, dataType),
                param(VALUE_BIAS, dataType), param(OUTPUT_WEIGHT, dataType), param(OUTPUT_BIAS, dataType));
    }

    private INDArray param(String key, DataType dataType) {
        INDArray p = getParam(key);
        return p.dataType() == dataType ? p : p.castTo(dataType);
    }

    /** The input in the network's data type, checked to be [batch, size, time]. */
    private INDArray checkedInput() {
        long size = layerConf().size();
        if (input.rank() != 3 || input.size(1) != size) {
            throw new IllegalArgumentException(displayName() + ": expected input [batch, " + size
                    + ", time], got shape " + Arrays.toString(input.shape()));
        }
        return input.dataType() == dataType ? input : input.castTo(dataType);
    }

    /** The feature mask as [batch, time], or null; fails naming the shapes when it does not fit the input. */
    private INDArray checkedMask(INDArray x) {
        if (maskArray == null) {
            return null;
        }
        long batch = x.size(0);
        long time = x.size(2);
        if (maskArray.length() != batch * time) {
            throw new IllegalArgumentException(displayName() + ": expected a feature mask [" + batch + ", " + time
                    + "] for input " + Arrays.toString(x.shape()) + ", got " + Arrays.toString(maskArray.shape()));
        }
        return maskArray.rank() == 2 && maskArray.size(1) == time ? maskArray : maskArray.reshape('c', batch, time);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        applyDropOutIfNecessary(training, workspaceMgr);
        INDArray x = checkedInput();
        INDArray y = SelfAttention.forward(x, weights(x.dataType()), layerConf().getHeads(), checkedMask(x));
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(), x.shape(), 'c');
        return out.assign(y);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray x = checkedInput();
        SelfAttention.Gradients grads = SelfAttention.backward(x, weights(x.dataType()), layerConf().getHeads(),
                checkedMask(x), epsilon);
        SelfAttention.Weights dw = grads.weights();
        List<INDArray> values = List.of(dw.wq(), dw.wk(), dw.wv(), dw.wo(), dw.bq(), dw.bk(), dw.bv(), dw.bo());
        List<String> keys = List.of(QUERY_WEIGHT, KEY_WEIGHT, VALUE_WEIGHT, OUTPUT_WEIGHT, QUERY_BIAS, KEY_BIAS,
                VALUE_BIAS, OUTPUT_BIAS);
        Gradient gradient = new DefaultGradient();
        for (int i = 0; i < keys.size(); i++) {
            INDArray view = gradientViews.get(keys.get(i));
            view.assign(values.get(i).reshape(view.shape()).castTo(view.dataType()));
            gradient.setGradientFor(keys.get(i), view);
        }
        INDArray gradIn = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, x.dataType(), x.shape(), 'c');
        gradIn.assign(grads.input());
        return new Pair<>(gradient, backpropDropOutIfPresent(gradIn));
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState,
                                                          int minibatchSize) {
        // positions keep their meaning: the mask passes on unchanged (masked positions output 0)
        this.maskArray = maskArray;
        this.maskState = currentMaskState;
        return new Pair<>(maskArray, currentMaskState);
    }
}
