package io.rationalspark.layers.activations;

/**
 * Slow, obviously correct scalar definitions of the 15 fixed activations, to test the DL4J layers against.
 * {@link #apply} maps the channel vector of one example (one row, or one time step / pixel) to its outputs.
 */
final class ScalarReference {

    static final double SELU_LAMBDA = 1.0507009873554804934193349852946;
    static final double SELU_ALPHA = 1.6732632423543772848170429916717;

    private ScalarReference() {
    }

    static double[] apply(FixedActivation a, double[] x) {
        double[] y = new double[x.length];
        switch (a) {
            case SOFTMAX:
                return softmax(x);
            case SOFTMIN: {
                double[] negated = new double[x.length];
                for (int i = 0; i < x.length; i++) {
                    negated[i] = -x[i];
                }
                return softmax(negated);
            }
            case LOG_SOFTMAX: {
                double[] s = softmax(x);
                for (int i = 0; i < x.length; i++) {
                    y[i] = Math.log(s[i]);
                }
                return y;
            }
            default:
                for (int i = 0; i < x.length; i++) {
                    y[i] = elementwise(a, x[i]);
                }
                return y;
        }
    }

    static double elementwise(FixedActivation a, double x) {
        switch (a) {
            case ELU:
                return x > 0 ? x : FixedActivation.ELU_ALPHA * (Math.exp(x) - 1);
            case LEAKY_RELU:
                return x > 0 ? x : FixedActivation.LEAKY_RELU_ALPHA * x;
            case LOG_SIGMOID:
                return Math.log(1 / (1 + Math.exp(-x)));
            case PRELU:
                return x > 0 ? x : FixedActivation.PRELU_INIT * x;
            case RELU:
                return Math.max(x, 0);
            case SELU:
                return SELU_LAMBDA * (x > 0 ? x : SELU_ALPHA * (Math.exp(x) - 1));
            case CELU:
                return x > 0 ? x : FixedActivation.CELU_ALPHA * (Math.exp(x / FixedActivation.CELU_ALPHA) - 1);
            case SIGMOID:
                return 1 / (1 + Math.exp(-x));
            case SILU:
                return x / (1 + Math.exp(-x));
            case MISH:
                return x * Math.tanh(Math.log(1 + Math.exp(x)));
            case SOFTPLUS:
                return Math.log(1 + Math.exp(x));
            case TANH:
                return Math.tanh(x);
            default:
                throw new IllegalArgumentException(a + " is not elementwise");
        }
    }

    /** Textbook softmax, no max subtraction: only for moderate inputs. */
    static double[] softmax(double[] x) {
        double sum = 0;
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.exp(x[i]);
            sum += y[i];
        }
        for (int i = 0; i < x.length; i++) {
            y[i] /= sum;
        }
        return y;
    }
}
