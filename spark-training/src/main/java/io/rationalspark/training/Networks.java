package io.rationalspark.training;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.NoOpUpdater;
import org.nd4j.linalg.learning.config.IUpdater;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The few things the trainer does to a DL4J network, for MultiLayerNetwork and ComputationGraph alike: its
 * configuration as JSON (what executors rebuild it from), its updater state, one fitting step, and counters.
 */
public final class Networks {

    private Networks() {
    }

    /** Kind + JSON configuration: enough to rebuild an untrained copy of a network anywhere. */
    public record Blueprint(boolean graph, String json) implements Serializable {

        public Model build() {
            if (graph) {
                ComputationGraph net = new ComputationGraph(ComputationGraphConfiguration.fromJson(json));
                net.init();
                return net;
            }
            MultiLayerNetwork net = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(json));
            net.init();
            return net;
        }
    }

    public static Blueprint blueprint(Model model) {
        if (model instanceof MultiLayerNetwork) {
            return new Blueprint(false, ((MultiLayerNetwork) model).getLayerWiseConfigurations().toJson());
        }
        if (model instanceof ComputationGraph) {
            return new Blueprint(true, ((ComputationGraph) model).getConfiguration().toJson());
        }
        throw new IllegalArgumentException("the trainer supports MultiLayerNetwork and ComputationGraph, got "
                + model.getClass().getName());
    }

    /** The updater state view (null when the updater keeps no state, e.g. SGD or NoOp). */
    public static INDArray updaterState(Model model) {
        if (model instanceof MultiLayerNetwork) {
            MultiLayerNetwork net = (MultiLayerNetwork) model;
            return net.getUpdater() == null ? null : net.getUpdater().getStateViewArray();
        }
        ComputationGraph net = (ComputationGraph) model;
        return net.getUpdater() == null ? null : net.getUpdater().getStateViewArray();
    }

    /** Copies {@code state} into the updater's state view, or zeroes it when {@code state} is null. */
    public static void setUpdaterState(Model model, INDArray state) {
        INDArray view = updaterState(model);
        if (view == null || view.length() == 0) {
            return;
        }
        if (state == null) {
            view.assign(0);
        } else {
            view.assign(state);
        }
    }

    /** One minibatch step; returns the minibatch's loss before the step. */
    public static double fit(Model model, DataSet minibatch) {
        if (model instanceof MultiLayerNetwork) {
            MultiLayerNetwork net = (MultiLayerNetwork) model;
            net.fit(minibatch);
            return net.score();
        }
        ComputationGraph net = (ComputationGraph) model;
        net.fit(minibatch);
        return net.score();
    }

    public static void setCounters(Model model, int iteration, int epoch) {
        if (model instanceof MultiLayerNetwork) {
            ((MultiLayerNetwork) model).setIterationCount(iteration);
            ((MultiLayerNetwork) model).setEpochCount(epoch);
        } else {
            ((ComputationGraph) model).getConfiguration().setIterationCount(iteration);
            ((ComputationGraph) model).getConfiguration().setEpochCount(epoch);
        }
    }

    /**
     * 1 for every parameter an inner updater trains, 0 for the others (those whose updater is DL4J's NoOp: BatchNorm's
     * running mean and variance, frozen layers), as an array shaped and typed like {@code model.params()}.
     */
    public static INDArray trainedByUpdater(Model model) {
        INDArray mask = model.params().ulike().assign(1);
        org.deeplearning4j.nn.api.Updater updater = model instanceof MultiLayerNetwork
                ? ((MultiLayerNetwork) model).getUpdater() : ((ComputationGraph) model).getUpdater();
        if (updater instanceof BaseMultiLayerUpdater) {
            for (UpdaterBlock block : ((BaseMultiLayerUpdater<?>) updater).getUpdaterBlocks()) {
                if (block.getGradientUpdater() instanceof NoOpUpdater) {
                    mask.get(NDArrayIndex.interval(block.getParamOffsetStart(), block.getParamOffsetEnd())).assign(0);
                }
            }
        }
        return mask;
    }

    /** Whether any layer's learning rate follows a schedule (changes with the iteration or epoch). */
    public static boolean hasLearningRateSchedule(Model model) {
        for (NeuralNetConfiguration conf : layerConfs(model)) {
            org.deeplearning4j.nn.conf.layers.Layer layer = conf.getLayer();
            if (layer instanceof BaseLayer && ((BaseLayer) layer).getIUpdater() != null
                    && hasSchedule(((BaseLayer) layer).getIUpdater())) {
                return true;
            }
        }
        return false;
    }

    private static List<NeuralNetConfiguration> layerConfs(Model model) {
        List<NeuralNetConfiguration> confs = new ArrayList<>();
        if (model instanceof MultiLayerNetwork) {
            confs.addAll(((MultiLayerNetwork) model).getLayerWiseConfigurations().getConfs());
        } else {
            for (org.deeplearning4j.nn.api.Layer layer : ((ComputationGraph) model).getLayers()) {
                confs.add(layer.conf());
            }
        }
        return confs;
    }

    /**
     * Every layer's learning rate from its configuration; fails when one follows a schedule (learning-rate
     * scaling multiplies fixed rates only).
     */
    public static double[] baseLearningRates(Model model) {
        List<NeuralNetConfiguration> confs = layerConfs(model);
        double[] rates = new double[confs.size()];
        for (int i = 0; i < rates.length; i++) {
            org.deeplearning4j.nn.conf.layers.Layer layer = confs.get(i).getLayer();
            rates[i] = Double.NaN;
            if (layer instanceof BaseLayer && ((BaseLayer) layer).getIUpdater() != null) {
                IUpdater updater = ((BaseLayer) layer).getIUpdater();
                if (updater.hasLearningRate()) {
                    if (hasSchedule(updater)) {
                        throw new IllegalArgumentException("trainer.learningRateScaling needs fixed learning rates, but"
                                + " layer " + i + " (" + layer.getLayerName() + ") uses a schedule: " + updater);
                    }
                    rates[i] = updater.getLearningRate(0, 0);
                }
            }
        }
        return rates;
    }

    private static boolean hasSchedule(IUpdater updater) {
        try {
            return updater.getClass().getMethod("getLearningRateSchedule").invoke(updater) != null;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    /** Sets layer i's learning rate to rates[i] × multiplier (layers with NaN rates are left alone). */
    public static void scaleLearningRates(Model model, double[] rates, double multiplier) {
        if (model instanceof MultiLayerNetwork) {
            MultiLayerNetwork net = (MultiLayerNetwork) model;
            for (int i = 0; i < rates.length; i++) {
                if (!Double.isNaN(rates[i])) {
                    net.setLearningRate(i, rates[i] * multiplier);
                }
            }
        } else {
            ComputationGraph net = (ComputationGraph) model;
            org.deeplearning4j.nn.api.Layer[] layers = net.getLayers();
            for (int i = 0; i < rates.length; i++) {
                if (!Double.isNaN(rates[i])) {
                    net.setLearningRate(layers[i].conf().getLayer().getLayerName(), rates[i] * multiplier);
                }
            }
        }
    }
}
