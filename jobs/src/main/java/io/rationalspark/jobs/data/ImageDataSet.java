package io.rationalspark.jobs.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An image classification set read from a pair of IDX files (MNIST, Fashion-MNIST): images kept as bytes, turned
 * into float minibatches on demand. Features are pixel / 255, in [0, 1], shaped by {@link ImageShape}; labels are
 * one-hot [n, {@value #CLASSES}].
 */
public final class ImageDataSet implements ExampleSet {

    /** Classes of MNIST and Fashion-MNIST: labels are 0 … 9. */
    public static final int CLASSES = 10;

    private final IdxImages images;
    private final int[] labels;
    private final ImageShape shape;

    private ImageDataSet(IdxImages images, int[] labels, ImageShape shape) {
        this.images = images;
        this.labels = labels;
        this.shape = shape;
    }

    /** All examples of a split in {@code dir}, laid out as MNIST names them (see {@link #imagesFile}). */
    public static ImageDataSet read(Path dir, Split split, ImageShape shape) throws IOException {
        return read(imagesFile(dir, split), labelsFile(dir, split), shape);
    }

    /** The first {@code maxExamples} examples of a split in {@code dir} (for quick runs and tests). */
    public static ImageDataSet read(Path dir, Split split, ImageShape shape, int maxExamples) throws IOException {
        return read(imagesFile(dir, split), labelsFile(dir, split), shape, maxExamples);
    }

    /** All examples of a pair of IDX files. */
    public static ImageDataSet read(Path imagesFile, Path labelsFile, ImageShape shape) throws IOException {
        return pair(imagesFile, IdxReader.readImages(imagesFile), labelsFile, IdxReader.readLabels(labelsFile), shape);
    }

    /** The first {@code maxExamples} examples of a pair of IDX files; both files are still checked whole. */
    public static ImageDataSet read(Path imagesFile, Path labelsFile, ImageShape shape, int maxExamples)
            throws IOException {
        return pair(imagesFile, IdxReader.readImages(imagesFile, maxExamples),
                labelsFile, IdxReader.readLabels(labelsFile, maxExamples), shape);
    }

    /**
     * The images file of a split: {@code train-images-idx3-ubyte} or {@code t10k-images-idx3-ubyte}, raw or with
     * {@code .gz}, whichever exists.
     */
    public static Path imagesFile(Path dir, Split split) throws IOException {
        return existing(dir, prefix(split) + "-images-idx3-ubyte");
    }

    /** The labels file of a split: {@code train-labels-idx1-ubyte} or {@code t10k-labels-idx1-ubyte}, raw or .gz. */
    public static Path labelsFile(Path dir, Split split) throws IOException {
        return existing(dir, prefix(split) + "-labels-idx1-ubyte");
    }

    private static String prefix(Split split) {
        return split == Split.TRAIN ? "train" : "t10k";
    }

    private static Path existing(Path dir, String name) throws IOException {
        for (String candidate : new String[] {name, name + ".gz"}) {
            Path file = dir.resolve(candidate);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        throw new BadDataException("no " + name + " or " + name + ".gz in " + dir
                + " (scripts/fetch-data.sh fetches MNIST and Fashion-MNIST)");
    }

    private static ImageDataSet pair(Path imagesFile, IdxImages images, Path labelsFile, IdxLabels labels,
                                     ImageShape shape) throws IOException {
        if (images.declaredCount() != labels.declaredCount()) {
            throw new BadDataException(labelsFile + ": " + labels.declaredCount() + " labels, but " + imagesFile
                    + " has " + images.declaredCount() + " images");
        }
        int[] values = labels.toArray();
        for (int i = 0; i < values.length; i++) {
            if (values[i] >= CLASSES) {
                throw new BadDataException(labelsFile + ": label " + i + " is " + values[i] + ", outside 0 … "
                        + (CLASSES - 1));
            }
        }
        return new ImageDataSet(images, values, shape);
    }

    @Override
    public int size() {
        return labels.length;
    }

    public int rows() {
        return images.rows();
    }

    public int cols() {
        return images.cols();
    }

    /** The label (0 … 9) of example {@code index}. */
    public int label(int index) {
        return labels[index];
    }

    @Override
    public DataSet batch(int[] examples) {
        int n = examples.length;
        int pixels = images.rows() * images.cols();
        byte[] source = images.rawPixels();
        float[] features = new float[n * pixels];
        float[] oneHot = new float[n * CLASSES];
        for (int i = 0; i < n; i++) {
            int example = examples[i];
            if (example < 0 || example >= size()) {
                throw new IndexOutOfBoundsException("example " + example + " of " + size());
            }
            int from = example * pixels;
            for (int p = 0; p < pixels; p++) {
                features[i * pixels + p] = (source[from + p] & 0xFF) / 255f;
            }
            oneHot[i * CLASSES + labels[example]] = 1f;
        }
        INDArray x = Nd4j.create(features, shape.of(n, images.rows(), images.cols()), DataType.FLOAT);
        INDArray y = Nd4j.create(oneHot, new long[] {n, CLASSES}, DataType.FLOAT);
        return new DataSet(x, y);
    }
}
