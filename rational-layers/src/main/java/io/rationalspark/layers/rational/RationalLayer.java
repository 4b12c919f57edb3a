package io.rationalspark.layers.rational;

import io.rationalspark.layers.LayerWiring;
import io.rationalspark.layers.rational.fit.FitMethod;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.regularization.Regularization;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * DL4J configuration of a trainable rational activation layer: y = R(x) = P(x) / Q(x) elementwise, with
 * the coefficients of P and Q learned (see {@link RationalSpec} and {@link DenominatorForm}).
 *
 * <p>Put it after a linear layer (dense, convolution, recurrent) whose own activation is identity. Input of
 * rank 2 [batch, size], 3 [batch, size, time] (NCW) or 4 [batch, channels, height, width] (NCHW); the output
 * has the input's shape. Channels are dimension 1; see {@link CoefficientSharing}.
 *
 * <p>Rational coefficients are never L1/L2-regularised, and dropout is not applied by this layer. To give
 * them their own learning rate (the seed paper used 0.5× to 16× the network's), set this layer's
 * {@code updater(...)}.
 *
 * <p>This class is the mutable Jackson shell DL4J needs for JSON/YAML; {@link #spec()} is the validated,
 * immutable description.
 */
public class RationalLayer extends FeedForwardLayer {

    private static final long serialVersionUID = 1L;

    private int numeratorDegree;
    private int denominatorDegree;
    private DenominatorForm form;
    private CoefficientSharing.Mode sharing;
    private int groups;
    private String initTarget;
    private double initLower;
    private double initUpper;
    private FitMethod initMethod;
    private double[] initNumerator;
    private double[] initDenominator;

    /** For JSON deserialisation only. */
    public RationalLayer() {
        setSpecFields(RationalSpec.paperDefault());
    }

    private RationalLayer(Builder builder) {
        super(builder);
        setSpecFields(builder.spec);
        initializeConstraints(builder);
    }

    /** A layer with the paper's default preset ({@link RationalSpec#paperDefault()}). */
    public static RationalLayer paperDefault() {
        return new Builder().build();
    }

    private void setSpecFields(RationalSpec spec) {
        numeratorDegree = spec.numeratorDegree();
        denominatorDegree = spec.denominatorDegree();
        form = spec.form();
        sharing = spec.sharing().mode();
        groups = spec.sharing().groups();
        RationalInit init = spec.init();
        initTarget = init.target();
        initLower = init.lower();
        initUpper = init.upper();
        initMethod = init.method();
        initNumerator = init.numerator();
        initDenominator = init.denominator();
    }

    /** The validated description of this layer; throws naming the field when a deserialised value is invalid. */
    public RationalSpec spec() {
        RationalInit init = initNumerator != null || initDenominator != null
                ? RationalInit.explicit(Objects.requireNonNull(initNumerator, "rational.init.numerator"),
                        Objects.requireNonNull(initDenominator, "rational.init.denominator"))
                : RationalInit.fit(initTarget, initLower, initUpper, initMethod);
        return new RationalSpec(numeratorDegree, denominatorDegree, form, CoefficientSharing.of(sharing, groups), init);
    }

    /** Number of channels (dimension 1 of the input). */
    public long channels() {
        return getNIn();
    }

    /** Number of coefficient sets for this layer's channel count. */
    public int coefficientSets() {
        return spec().sharing().sets(getNIn());
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                                                       Collection<TrainingListener> trainingListeners,
                                                       int layerIndex, INDArray layerParamsView,
                                                       boolean initializeParams, DataType networkDataType) {
        return LayerWiring.wire(new RationalLayerImpl(conf, networkDataType), conf, trainingListeners, layerIndex,
                layerParamsView, initializeParams, initializer());
    }

    @Override
    public ParamInitializer initializer() {
        return RationalParamInitializer.getInstance();
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        channelsOf(inputType);
        return inputType;
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (getNIn() <= 0 || override) {
            long channels = channelsOf(inputType);
            setNIn(channels);
            setNOut(channels);
        }
    }

    private long channelsOf(InputType inputType) {
        if (inputType == null) {
            throw new IllegalStateException("rational layer '" + getLayerName() + "': input type is null");
        }
        if (inputType instanceof InputType.InputTypeFeedForward) {
            return ((InputType.InputTypeFeedForward) inputType).getSize();
        }
        if (inputType instanceof InputType.InputTypeRecurrent) {
            InputType.InputTypeRecurrent r = (InputType.InputTypeRecurrent) inputType;
            if (r.getFormat() != RNNFormat.NCW) {
                throw new IllegalStateException("rational layer '" + getLayerName()
                        + "': recurrent input must be NCW ([batch, size, time]), got " + r.getFormat());
            }
            return r.getSize();
        }
        if (inputType instanceof InputType.InputTypeConvolutional) {
            InputType.InputTypeConvolutional c = (InputType.InputTypeConvolutional) inputType;
            if (c.getFormat() != CNN2DFormat.NCHW) {
                throw new IllegalStateException("rational layer '" + getLayerName()
                        + "': convolutional input must be NCHW, got " + c.getFormat());
            }
            return c.getChannels();
        }
        if (inputType instanceof InputType.InputTypeConvolutionalFlat) {
            return ((InputType.InputTypeConvolutionalFlat) inputType).getFlattenedSize();
        }
        throw new IllegalStateException("rational layer '" + getLayerName() + "': unsupported input type "
                + inputType + " (expected feed-forward, recurrent NCW or convolutional NCHW)");
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null; // elementwise: any rank passes through unchanged
    }

    @Override
    public List<Regularization> getRegularizationByParam(String paramName) {
        return Collections.emptyList();
    }

    @Override
    public boolean isPretrainParam(String paramName) {
        return false;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        long numParams = initializer().numParams(this);
        long updaterState = getIUpdater() == null ? 0 : getIUpdater().stateSize(numParams);
        return new LayerMemoryReport.Builder(getLayerName(), RationalLayer.class, inputType, inputType)
                .standardMemory(numParams, updaterState)
                .workingMemory(0, 0, 0, 0)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    // ---- Jackson bean properties (DL4J serialises layers through getters/setters) ----

    public int getNumeratorDegree() {
        return numeratorDegree;
    }

    public void setNumeratorDegree(int numeratorDegree) {
        this.numeratorDegree = numeratorDegree;
    }

    public int getDenominatorDegree() {
        return denominatorDegree;
    }

    public void setDenominatorDegree(int denominatorDegree) {
        this.denominatorDegree = denominatorDegree;
    }

    public DenominatorForm getForm() {
        return form;
    }

    public void setForm(DenominatorForm form) {
        this.form = form;
    }

    public CoefficientSharing.Mode getSharing() {
        return sharing;
    }

    public void setSharing(CoefficientSharing.Mode sharing) {
        this.sharing = sharing;
    }

    public int getGroups() {
        return groups;
    }

    public void setGroups(int groups) {
        this.groups = groups;
    }

    public String getInitTarget() {
        return initTarget;
    }

    public void setInitTarget(String initTarget) {
        this.initTarget = initTarget;
    }

    public double getInitLower() {
        return initLower;
    }

    public void setInitLower(double initLower) {
        this.initLower = initLower;
    }

    public double getInitUpper() {
        return initUpper;
    }

    public void setInitUpper(double initUpper) {
        this.initUpper = initUpper;
    }

    public FitMethod getInitMethod() {
        return initMethod;
    }

    public void setInitMethod(FitMethod initMethod) {
        this.initMethod = initMethod;
    }

    public double[] getInitNumerator() {
        return initNumerator;
    }

    public void setInitNumerator(double[] initNumerator) {
        this.initNumerator = initNumerator;
    }

    public double[] getInitDenominator() {
        return initDenominator;
    }

    public void setInitDenominator(double[] initDenominator) {
        this.initDenominator = initDenominator;
    }

    @Override
    public RationalLayer clone() {
        return (RationalLayer) super.clone();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RationalLayer) || !super.equals(o)) {
            return false;
        }
        RationalLayer other = (RationalLayer) o;
        return numeratorDegree == other.numeratorDegree && denominatorDegree == other.denominatorDegree
                && form == other.form && sharing == other.sharing && groups == other.groups
                && Objects.equals(initTarget, other.initTarget)
                && Double.compare(initLower, other.initLower) == 0 && Double.compare(initUpper, other.initUpper) == 0
                && initMethod == other.initMethod && Arrays.equals(initNumerator, other.initNumerator)
                && Arrays.equals(initDenominator, other.initDenominator);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), numeratorDegree, denominatorDegree, form, sharing, groups, initTarget,
                initLower, initUpper, initMethod, Arrays.hashCode(initNumerator), Arrays.hashCode(initDenominator));
    }

    @Override
    public String toString() {
        return "RationalLayer(" + getLayerName() + ", channels=" + getNIn() + ", " + spec() + ")";
    }

    /** Builds a {@link RationalLayer}; starts from {@link RationalSpec#paperDefault()} and validates in {@link #build()}. */
    public static class Builder extends FeedForwardLayer.Builder<Builder> {

        private int numeratorDegree;
        private int denominatorDegree;
        private DenominatorForm form;
        private CoefficientSharing sharing;
        private RationalInit init;
        private RationalSpec spec;

        public Builder() {
            spec(RationalSpec.paperDefault());
        }

        /** Replaces the whole description. */
        public Builder spec(RationalSpec spec) {
            numeratorDegree = spec.numeratorDegree();
            denominatorDegree = spec.denominatorDegree();
            form = spec.form();
            sharing = spec.sharing();
            init = spec.init();
            return this;
        }

        /** Numerator degree m and denominator degree n. */
        public Builder degrees(int numeratorDegree, int denominatorDegree) {
            this.numeratorDegree = numeratorDegree;
            this.denominatorDegree = denominatorDegree;
            return this;
        }

        public Builder form(DenominatorForm form) {
            this.form = form;
            return this;
        }

        public Builder sharing(CoefficientSharing sharing) {
            this.sharing = sharing;
            return this;
        }

        public Builder init(RationalInit init) {
            this.init = init;
            return this;
        }

        /** The channel count, when the network's input type does not set it. */
        public Builder channels(long channels) {
            nIn(channels);
            nOut(channels);
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public RationalLayer build() {
            spec = new RationalSpec(numeratorDegree, denominatorDegree, form, sharing, init);
            RationalLayer layer = new RationalLayer(this);
            if (layer.getNIn() > 0) {
                layer.coefficientSets(); // fail fast: the group count must divide the channels
            }
            return layer;
        }
    }
}
