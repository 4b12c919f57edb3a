package io.rationalspark.layers.activations;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Arrays;

/**
 * The DL4J runtime of a {@link ChannelPReLULayer}, with the slopes α (one per channel, dimension 1) broadcast
 * along dimension 1 of the input x of rank 2, 3 or 4:
 * <pre>
 *   y        = max(x, 0) + α_c·min(x, 0)
 *   dL/dx    = g·[x &gt; 0] + α_c·g·[x ≤ 0]
 *   dL/dα_c  = Σ over examples and positions of channel c of g·min(x, 0)
 * </pre>
 * where g = dL/dy. At x = 0 the slope α_c is used, as in PyTorch.
 */
public class ChannelPReLULayerImpl extends BaseLayer<ChannelPReLULayer> {

    public ChannelPReLULayerImpl(NeuralNetConfiguration conf, DataType dataType) {
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
        return false;
    }

    /** The slopes as a vector of length channels, in {@code dataType}. */
    private INDArray slopes(DataType dataType) {
        INDArray alpha = getParam(ChannelPReLUParamInitializer.ALPHA);
        INDArray vector = alpha.reshape(alpha.length());
        return vector.dataType() == dataType ? vector : vector.castTo(dataType);
    }

    private void checkInput() {
        long channels = layerConf().getNIn();
        if (input.rank() < 2 || input.rank() > 4 || input.size(1) != channels) {
            String name = layerConf().getLayerName();
            throw new IllegalArgumentException("prelu layer '" + (name == null ? "" : name) + "' (index " + getIndex()
                    + "): expected input of rank 2, 3 or 4 with " + channels + " channels on dimension 1, got shape "
                    + Arrays.toString(input.shape()));
        }
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        checkInput();
        applyDropOutIfNecessary(training, workspaceMgr);
        INDArray x = input;
        INDArray negative = Transforms.min(x, 0.0, true);
        Broadcast.mul(negative, slopes(x.dataType()), negative, 1);
        INDArray y = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(), x.shape(), 'c');
        y.assign(x);
        Transforms.max(y, 0.0, false);
        return y.addi(negative);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        checkInput();
        INDArray x = input;
        DataType dataType = x.dataType();
        INDArray g = epsilon.dataType() == dataType ? epsilon : epsilon.castTo(dataType);

        INDArray negativeGrad = x.lte(0.0).castTo(dataType).muli(g);
        Broadcast.mul(negativeGrad, slopes(dataType), negativeGrad, 1);
        INDArray gradIn = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, x.shape(), 'c');
        gradIn.assign(x.gt(0.0).castTo(dataType)).muli(g).addi(negativeGrad);

        INDArray slopeGrad = Transforms.min(x, 0.0, true).muli(g).sum(positionDimensions(x.rank()));
        INDArray slopeGradView = gradientViews.get(ChannelPReLUParamInitializer.ALPHA);
        slopeGradView.assign(slopeGrad.reshape(slopeGradView.shape()).castTo(slopeGradView.dataType()));

        Gradient gradient = new DefaultGradient();
        gradient.setGradientFor(ChannelPReLUParamInitializer.ALPHA, slopeGradView);
        return new Pair<>(gradient, backpropDropOutIfPresent(gradIn));
    }

    /** Every dimension but the channels: the examples, and time or height and width. */
    private static int[] positionDimensions(int rank) {
        int[] dims = new int[rank - 1];
        dims[0] = 0;
        for (int d = 2; d < rank; d++) {
            dims[d - 1] = d;
        }
        return dims;
    }
}
