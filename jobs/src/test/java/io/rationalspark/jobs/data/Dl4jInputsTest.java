package io.rationalspark.jobs.data;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The minibatches fit the DL4J layers they are meant for, and DL4J honours the review mask. */
class Dl4jInputsTest {

    @TempDir
    Path dir;

    @Test
    void reviewBatchesFeedAnEmbeddingNetworkThatIgnoresPadding() {
        Vocabulary vocabulary = Vocabulary.build(List.of("good film", "bad film", "good plot"), 10);
        List<Review> reviews = List.of(new Review("good film", 1), new Review("bad bad plot", 0));
        MultiLayerNetwork net = network(new NeuralNetConfiguration.Builder().seed(1).updater(new Sgd(0.1)).list()
                .layer(new EmbeddingSequenceLayer.Builder().nIn(vocabulary.size()).nOut(4).build())
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(4).nOut(2).activation(Activation.SOFTMAX).build())
                .build());

        DataSet padded = new ReviewEncoder(vocabulary, 6, Truncation.KEEP_START).encode(reviews).batch(new int[] {0, 1});
        DataSet unpadded = new ReviewEncoder(vocabulary, 2, Truncation.KEEP_START).encode(reviews).batch(new int[] {0});

        INDArray withPadding = net.output(padded.getFeatures(), false, padded.getFeaturesMaskArray(), null);
        INDArray withoutPadding = net.output(unpadded.getFeatures(), false, unpadded.getFeaturesMaskArray(), null);
        assertArrayEquals(new long[] {2, 2}, withPadding.shape());
        assertTrue(withPadding.getRow(0).equalsWithEps(withoutPadding.getRow(0), 1e-6),
                "padding is masked: " + withPadding.getRow(0) + " vs " + withoutPadding.getRow(0));
        fitOnce(net, padded);
    }

    @Test
    void characterBatchesFeedAnLstm() throws IOException {
        Path text = Files.writeString(dir.resolve("t.txt"), "call me ishmael. some years ago, never mind how long",
                StandardCharsets.UTF_8);
        CharCorpus corpus = CharCorpus.read(text, 0.2);
        int v = corpus.vocabularySize();
        MultiLayerNetwork net = network(new NeuralNetConfiguration.Builder().seed(1).updater(new Sgd(0.1)).list()
                .layer(new LSTM.Builder().nIn(v).nOut(8).activation(Activation.TANH).build())
                .layer(new RnnOutputLayer.Builder(LossFunction.MCXENT).nIn(8).nOut(v).activation(Activation.SOFTMAX).build())
                .build());

        DataSet batch = Minibatches.inOrder(corpus.sequences(Split.TRAIN, 5), 3).get(0);

        assertArrayEquals(new long[] {3, v, 5}, net.output(batch.getFeatures()).shape());
        fitOnce(net, batch);
    }

    @Test
    void imageBatchesFeedAConvolutionalNetwork() throws IOException {
        IdxFixtures.write(dir.resolve("train-images-idx3-ubyte"), IdxFixtures.images(4, 3, 3,
                IdxFixtures.countingPixels(4, 3, 3)), false);
        IdxFixtures.write(dir.resolve("train-labels-idx1-ubyte"), IdxFixtures.labels(4, 1, 2, 3, 4), false);
        ImageDataSet set = ImageDataSet.read(dir, Split.TRAIN, ImageShape.CHANNELS_FIRST);
        MultiLayerNetwork net = network(new NeuralNetConfiguration.Builder().seed(1).updater(new Sgd(0.1)).list()
                .layer(new ConvolutionLayer.Builder(2, 2).nOut(2).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(3, 3, 1))
                .build());

        DataSet batch = Minibatches.inOrder(set, 4).get(0);

        assertArrayEquals(new long[] {4, 10}, net.output(batch.getFeatures()).shape());
        fitOnce(net, batch);
    }

    private static MultiLayerNetwork network(MultiLayerConfiguration conf) {
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static void fitOnce(MultiLayerNetwork net, DataSet batch) {
        INDArray before = net.params().dup();
        net.fit(batch);
        assertTrue(Double.isFinite(net.score()), "score " + net.score());
        assertEquals(false, before.equalsWithEps(net.params(), 0), "one step changes the parameters");
    }
}
