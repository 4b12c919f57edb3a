package io.rationalspark.jobs.model;

import io.rationalspark.jobs.config.JobConfig;
import io.rationalspark.jobs.config.ModelConfig;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.learning.config.IUpdater;

import java.util.List;

/**
 * Builds the network a job config describes. What only the prepared data knows (vocabulary or alphabet
 * size, classes) comes from {@link DataFacts}, read from the shards' manifest.
 */
public final class NetworkFactory {

    private NetworkFactory() {
    }

    /** Facts about the prepared data the network must match. */
    public record DataFacts(int classes, int vocabulary, int sequenceLength) {
    }

    /** The configuration for {@code config}, with every hidden width multiplied by {@code widthMultiplier}. */
    public static MultiLayerConfiguration configuration(JobConfig config, DataFacts facts, double widthMultiplier,
                                                        long seed) {
        ModelConfig m = config.model();
        IUpdater updater = config.trainer().optimizer().updater();
        IUpdater rationalUpdater = m.rational().learningRate().isPresent()
                ? config.trainer().optimizer().updater(m.rational().learningRate().get()) : null;
        ActivationChoice activation = new ActivationChoice(m.activation(), m.rational().spec(), rationalUpdater);
        switch (m.kind()) {
            case MLP:
                return Models.mlp(scale(m.mlp().hidden(), widthMultiplier).stream().mapToInt(Integer::intValue).toArray(),
                        activation, updater, seed);
            case LENET:
                return Models.lenet(scale(m.lenet().channels(), widthMultiplier), scale(m.lenet().dense(), widthMultiplier),
                        activation, updater, seed);
            case TEXT_CONV:
                return Models.textConv(facts.vocabulary(), facts.sequenceLength(), m.textConv().embedding(),
                        scale(m.textConv().filters(), widthMultiplier), m.textConv().kernelSize(),
                        scale(m.textConv().hidden(), widthMultiplier), facts.classes(), activation, updater, seed);
            case TEXT_LSTM:
                return Models.textLstm(facts.vocabulary(), facts.sequenceLength(), m.textLstm().embedding(),
                        scale(m.textLstm().units(), widthMultiplier), facts.classes(), activation, updater, seed);
            case TEXT_ATTENTION:
                return Models.textAttention(facts.vocabulary(), facts.sequenceLength(), m.textAttention().embedding(),
                        m.textAttention().heads(), scale(m.textAttention().ffSize(), widthMultiplier),
                        scale(m.textAttention().hidden(), widthMultiplier), facts.classes(), activation, updater, seed);
            case CHAR_LSTM:
                return Models.charLstm(facts.vocabulary(), scale(m.charLstm().units(), widthMultiplier), activation,
                        updater, seed);
            default:
                throw new IllegalArgumentException("model.kind: unsupported " + m.kind());
        }
    }

    public static MultiLayerNetwork network(JobConfig config, DataFacts facts, double widthMultiplier, long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(configuration(config, facts, widthMultiplier, seed));
        net.init();
        return net;
    }

    private static int scale(int width, double multiplier) {
        return Math.max(1, (int) Math.round(width * multiplier));
    }

    private static List<Integer> scale(List<Integer> widths, double multiplier) {
        return widths.stream().map(w -> scale(w, multiplier)).toList();
    }
}
