package io.rationalspark.jobs.demo;

import io.rationalspark.layers.rational.RationalCoefficients;
import io.rationalspark.layers.rational.RationalFunction;
import io.rationalspark.layers.rational.RationalInspection;
import io.rationalspark.layers.rational.RationalLayer;
import io.rationalspark.layers.rational.RationalLayerImpl;
import io.rationalspark.layers.rational.RationalSpec;
import io.rationalspark.layers.rational.fit.FitResult;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The embedded demo (until the Spark jobs land): trains a small MLP with rational activations on two
 * interleaved spirals in this process, prints test accuracy per epoch, then the learned activation next to
 * its initial fit as a table and a text plot.
 */
public final class RationalDemo {

    /** What the demo reached, for tests. */
    public record Result(double accuracy, RationalFunction initial, RationalFunction learned, int epochs) {
    }

    private RationalDemo() {
    }

    public static void main(String[] args) {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        run(epochs, 42, System.out);
    }

    /** Two interleaved spirals, labelled by arm, with a little noise. */
    static DataSet spirals(int n, long seed) {
        Random r = new Random(seed);
        INDArray features = Nd4j.create(DataType.FLOAT, n, 2);
        INDArray labels = Nd4j.create(DataType.FLOAT, n, 2);
        for (int i = 0; i < n; i++) {
            int arm = i % 2;
            double t = 0.25 + 2.75 * r.nextDouble();
            double angle = 2.2 * t + Math.PI * arm;
            features.putScalar(i, 0, t * Math.cos(angle) + 0.05 * r.nextGaussian());
            features.putScalar(i, 1, t * Math.sin(angle) + 0.05 * r.nextGaussian());
            labels.putScalar(i, arm, 1);
        }
        return new DataSet(features, labels);
    }

    public static Result run(int epochs, long seed, PrintStream out) {
        RationalSpec spec = RationalSpec.paperDefault();
        FitResult fit = spec.init().fitResult(spec.numeratorDegree(), spec.denominatorDegree(), spec.form());
        out.println("Rational activation: degrees (" + spec.numeratorDegree() + ", " + spec.denominatorDegree()
                + "), form " + spec.form() + ", sharing " + spec.sharing());
        out.println("Initial fit: " + fit);

        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.FLOAT)
                .updater(new Adam(0.01)).weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nOut(32).activation(Activation.IDENTITY).build())
                .layer(new RationalLayer.Builder().name("rational-1").spec(spec).build())
                .layer(new DenseLayer.Builder().nOut(32).activation(Activation.IDENTITY).build())
                .layer(new RationalLayer.Builder().name("rational-2").spec(spec).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(2)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        out.println("Network: " + net.numParams() + " parameters, of which "
                + 2 * spec.coefficientsPerSet() + " rational coefficients");

        DataSet train = spirals(2000, seed);
        DataSet test = spirals(1000, seed + 1);
        List<DataSet> batches = train.batchBy(50);
        double accuracy = 0;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            for (DataSet batch : batches) {
                net.fit(batch);
            }
            Evaluation eval = new Evaluation(2);
            eval.eval(test.getLabels(), net.output(test.getFeatures()));
            accuracy = eval.accuracy();
            if (epoch == 1 || epoch % 5 == 0 || epoch == epochs) {
                out.printf(Locale.ROOT, "epoch %3d  loss %.4f  test accuracy %.3f%n", epoch, net.score(), accuracy);
            }
        }

        RationalLayerImpl layer = RationalInspection.rationalLayers(net).get("rational-1");
        RationalCoefficients learned = layer.coefficients();
        RationalFunction initial = fit.function();
        RationalFunction learnedFunction = learned.function(0);
        out.println();
        out.println("Learned activation of layer rational-1 (x, initial fit R0(x), learned R(x)):");
        for (int i = 0; i <= 12; i++) {
            double x = -3 + 0.5 * i;
            out.printf(Locale.ROOT, "  x = %5.2f   R0 = %8.4f   R = %8.4f%n", x, initial.value(x),
                    learnedFunction.value(x));
        }
        out.println();
        plot(out, initial, learnedFunction);
        out.println("numerator   a0..a5 = " + format(learnedFunction.numerator()));
        out.println("denominator b1..b4 = " + format(learnedFunction.denominator()));
        return new Result(accuracy, initial, learnedFunction, epochs);
    }

    private static String format(double[] v) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            b.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4f", v[i]));
        }
        return b.append(']').toString();
    }

    /** A 61×17 text plot on [-3, 3]: '.' the initial fit, '*' the learned function, '+' where they overlap. */
    private static void plot(PrintStream out, RationalFunction initial, RationalFunction learned) {
        int width = 61;
        int height = 17;
        double[] y0 = new double[width];
        double[] y1 = new double[width];
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < width; c++) {
            double x = -3 + 6.0 * c / (width - 1);
            y0[c] = initial.value(x);
            y1[c] = learned.value(x);
            lo = Math.min(lo, Math.min(y0[c], y1[c]));
            hi = Math.max(hi, Math.max(y0[c], y1[c]));
        }
        char[][] grid = new char[height][width];
        for (char[] row : grid) {
            java.util.Arrays.fill(row, ' ');
        }
        for (int c = 0; c < width; c++) {
            int r0 = height - 1 - (int) Math.round((y0[c] - lo) / (hi - lo) * (height - 1));
            int r1 = height - 1 - (int) Math.round((y1[c] - lo) / (hi - lo) * (height - 1));
            grid[r0][c] = '.';
            grid[r1][c] = grid[r1][c] == '.' ? '+' : '*';
        }
        out.printf(Locale.ROOT, "  %8.3f |%s%n", hi, new String(grid[0]));
        for (int r = 1; r < height - 1; r++) {
            out.printf(Locale.ROOT, "           |%s%n", new String(grid[r]));
        }
        out.printf(Locale.ROOT, "  %8.3f |%s%n", lo, new String(grid[height - 1]));
        out.println("           x from -3 to 3   ('.' initial fit, '*' learned, '+' both)");
    }
}
