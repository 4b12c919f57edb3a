package io.rationalspark.layers.rational;

import io.rationalspark.layers.rational.kernel.ChannelLayout;
import io.rationalspark.layers.rational.kernel.CoefficientGradients;
import io.rationalspark.layers.rational.kernel.RationalKernel;
import io.rationalspark.layers.rational.kernel.RationalKernels;
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
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * The DL4J runtime of a {@link RationalLayer}: reads the coefficients from the parameter views and delegates
 * the math to the selected {@link RationalKernel} ({@link RationalKernels#current()}).
 */
public class RationalLayerImpl extends BaseLayer<RationalLayer> {

    /** The coefficients last built from the parameters and checked (kernels never modify them). */
    private RationalCoefficients checked;

    public RationalLayerImpl(NeuralNetConfiguration conf, DataType dataType) {
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

    /**
     * The current coefficients, checked to be finite. Read and checked once per parameter update: forward and
     * backward of one step (and every call between two updates) get the same instance, found unchanged by comparing
     * the parameter values with its coefficients (the updater and the trainer write the parameters in place, so there
     * is no update event to listen to).
     */
    public RationalCoefficients coefficients() {
        RationalLayer conf = layerConf();
        int n = conf.getDenominatorDegree();
        INDArray numerator = getParam(RationalParamInitializer.NUMERATOR);
        INDArray denominator = n > 0 ? getParam(RationalParamInitializer.DENOMINATOR) : null;
        if (checked != null && unchanged(numerator, checked.numerator())
                && (denominator == null || unchanged(denominator, checked.denominator()))) {
            return checked;
        }
        double[] a = toDoubles(numerator);
        double[] b = denominator != null ? toDoubles(denominator) : new double[0];
        RationalCoefficients c = new RationalCoefficients(conf.getForm(), conf.coefficientSets(),
                conf.getNumeratorDegree(), n, a, b);
        c.requireFinite(displayName());
        checked = c;
        return c;
    }

    /** Whether a 'c'-ordered parameter view still holds {@code values} (set-major, as {@link #toDoubles}). */
    private static boolean unchanged(INDArray param, double[] values) {
        if (param.length() != values.length || param.ordering() != 'c') {
            return false;
        }
        for (int i = 0; i < values.length; i++) {
            if (param.getDouble(i) != values[i]) {
                return false;
            }
        }
        return true;
    }

    private String displayName() {
        String name = layerConf().getLayerName();
        return "rational layer '" + (name == null ? "" : name) + "' (index " + getIndex() + ")";
    }

    private static double[] toDoubles(INDArray param) {
        return param.dup('c').castTo(DataType.DOUBLE).data().asDouble();
    }

    private INDArray denseInput() {
        if (input.rank() < 2 || input.size(1) != layerConf().getNIn()) {
            throw new IllegalArgumentException(displayName() + ": expected input with "
                    + layerConf().getNIn() + " channels on dimension 1, got shape " + Arrays.toString(input.shape()));
        }
        return ChannelLayout.isDense(input) ? input : input.dup(input.ordering());
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        RationalCoefficients coefficients = coefficients();
        INDArray x = denseInput();
        INDArray y = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(), x.shape(), x.ordering());
        RationalKernels.current().forward(coefficients, x, y);
        if (coefficients.form() == DenominatorForm.PLAIN) {
            requireNoPole(coefficients, x, y);
        }
        if (maskArray != null) {
            applyMask(y);
        }
        return y;
    }

    /**
     * Zeroes the masked positions of the output. DL4J's own {@code applyMask} handles only [batch, size] with a
     * [batch, 1] mask; on sequences [batch, size, time] with a feature mask [batch, time] (an embedding, LSTM or
     * convolution below, masked IMDB reviews) it fails, so that case multiplies each time step by its mask value.
     */
    @Override
    protected void applyMask(INDArray to) {
        if (to.rank() == 3 && maskArray.rank() == 2 && maskArray.size(0) == to.size(0)
                && maskArray.size(1) == to.size(2)) {
            INDArray mask = maskArray.dataType() == to.dataType() ? maskArray : maskArray.castTo(to.dataType());
            Broadcast.mul(to, mask, to, 0, 2);
        } else {
            super.applyMask(to);
        }
    }

    /**
     * The plain form's failure mode: where Q(x) = 0 the output would be infinite or NaN; instead of letting that
     * spread through the network, fail naming the layer, the input value and the coefficient set.
     */
    private void requireNoPole(RationalCoefficients coefficients, INDArray x, INDArray y) {
        if (!y.isNaN().any() && !y.isInfinite().any()) {
            return;
        }
        INDArray flatY = y.dup('c').reshape(y.length());
        INDArray xc = x.dup('c');
        long inner = x.length() / (x.size(0) * x.size(1));
        long perSet = x.size(1) / coefficients.sets();
        for (long i = 0; i < flatY.length(); i++) {
            double v = flatY.getDouble(i);
            if (!Double.isFinite(v)) {
                int set = (int) ((i / inner) % x.size(1) / perSet);
                double xv = xc.reshape(x.length()).getDouble(i);
                throw new IllegalStateException(displayName() + ": plain-form output is " + v + " at input x = " + xv
                        + " (coefficient set " + set + "), where Q(x) = "
                        + coefficients.function(set).denominatorValue(xv)
                        + ": a pole of the plain form. Use a safe denominator form (safe-abs-terms or"
                        + " safe-abs-polynomial), or keep the inputs away from the zeros of Q.");
            }
        }
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        RationalCoefficients coefficients = coefficients();
        INDArray x = denseInput();
        INDArray gradOut = epsilon.ordering() == x.ordering() && ChannelLayout.isDense(epsilon)
                && epsilon.dataType() == x.dataType() ? epsilon : epsilon.castTo(x.dataType()).dup(x.ordering());
        INDArray gradIn = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, x.dataType(), x.shape(),
                x.ordering());
        CoefficientGradients grads = RationalKernels.current().backward(coefficients, x, gradOut, gradIn);

        Gradient gradient = new DefaultGradient();
        INDArray numeratorGrad = gradientViews.get(RationalParamInitializer.NUMERATOR);
        write(grads.numerator(), numeratorGrad);
        gradient.setGradientFor(RationalParamInitializer.NUMERATOR, numeratorGrad);
        if (coefficients.denominatorDegree() > 0) {
            INDArray denominatorGrad = gradientViews.get(RationalParamInitializer.DENOMINATOR);
            write(grads.denominator(), denominatorGrad);
            gradient.setGradientFor(RationalParamInitializer.DENOMINATOR, denominatorGrad);
        }
        return new Pair<>(gradient, gradIn);
    }

    /** Writes set-major {@code values} into a gradient view, in place (no temporary arrays for a 'c' view). */
    private static void write(double[] values, INDArray view) {
        if (view.ordering() == 'c') {
            for (int i = 0; i < values.length; i++) {
                view.putScalar(i, values[i]);
            }
        } else {
            view.assign(Nd4j.createFromArray(values).reshape(view.shape()).castTo(view.dataType()));
        }
    }
}
