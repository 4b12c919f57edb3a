package io.rationalspark.training.data;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What every minibatch of one data set shares: the shapes of features, labels and masks without the batch
 * dimension (dimension 0), and the data types of features and labels. Written into the manifest as JSON, with
 * the mask presence spelled out as {@code featureMask} / {@code labelMask}.
 *
 * @param featureShape     feature shape without the batch dimension
 * @param labelShape       label shape without the batch dimension
 * @param featureMaskShape feature mask shape without the batch dimension, null when there is no feature mask
 * @param labelMaskShape   label mask shape without the batch dimension, null when there is no label mask
 * @param featureType      ND4J data type of the features (e.g. FLOAT)
 * @param labelType        ND4J data type of the labels
 */
@JsonIgnoreProperties(value = {"featureMask", "labelMask"}, allowGetters = true)
public record MinibatchShape(List<Long> featureShape, List<Long> labelShape, List<Long> featureMaskShape,
                             List<Long> labelMaskShape, String featureType, String labelType)
        implements Serializable {

    public MinibatchShape {
        Objects.requireNonNull(featureShape, "featureShape");
        Objects.requireNonNull(labelShape, "labelShape");
        Objects.requireNonNull(featureType, "featureType");
        Objects.requireNonNull(labelType, "labelType");
        featureShape = List.copyOf(featureShape);
        labelShape = List.copyOf(labelShape);
        featureMaskShape = featureMaskShape == null ? null : List.copyOf(featureMaskShape);
        labelMaskShape = labelMaskShape == null ? null : List.copyOf(labelMaskShape);
    }

    /** Whether the minibatches carry a feature mask. */
    @JsonProperty("featureMask")
    public boolean featureMask() {
        return featureMaskShape != null;
    }

    /** Whether the minibatches carry a label mask. */
    @JsonProperty("labelMask")
    public boolean labelMask() {
        return labelMaskShape != null;
    }

    /**
     * The shape of a minibatch that passed {@link #problem(DataSet)}.
     */
    public static MinibatchShape of(DataSet minibatch) {
        return new MinibatchShape(withoutBatch(minibatch.getFeatures()), withoutBatch(minibatch.getLabels()),
                withoutBatch(minibatch.getFeaturesMaskArray()), withoutBatch(minibatch.getLabelsMaskArray()),
                minibatch.getFeatures().dataType().name(), minibatch.getLabels().dataType().name());
    }

    /**
     * What is wrong with a minibatch on its own, or null when nothing is: missing features or labels, arrays
     * that disagree on the number of examples, NaN or infinite values in features or labels.
     */
    public static String problem(DataSet minibatch) {
        if (minibatch == null) {
            return "is null";
        }
        INDArray features = minibatch.getFeatures();
        INDArray labels = minibatch.getLabels();
        if (features == null || features.rank() == 0 || features.isEmpty()) {
            return "has no features";
        }
        if (labels == null || labels.rank() == 0 || labels.isEmpty()) {
            return "has no labels";
        }
        long examples = features.size(0);
        String[] names = {"labels", "feature mask", "label mask"};
        INDArray[] arrays = {labels, minibatch.getFeaturesMaskArray(), minibatch.getLabelsMaskArray()};
        for (int i = 0; i < arrays.length; i++) {
            if (arrays[i] != null && (arrays[i].rank() == 0 || arrays[i].size(0) != examples)) {
                return "has " + examples + " examples in its features but " + names[i] + " of shape "
                        + Arrays.toString(arrays[i].shape());
            }
        }
        if (!finite(features)) {
            return "has NaN or infinite values in its features";
        }
        if (!finite(labels)) {
            return "has NaN or infinite values in its labels";
        }
        return null;
    }

    /** How this shape differs from {@code expected}, or null when they are equal. */
    public String mismatch(MinibatchShape expected) {
        List<String> differences = new ArrayList<>();
        differ(differences, "features shape", featureShape, expected.featureShape);
        differ(differences, "labels shape", labelShape, expected.labelShape);
        differ(differences, "feature mask shape", featureMaskShape, expected.featureMaskShape);
        differ(differences, "label mask shape", labelMaskShape, expected.labelMaskShape);
        if (!featureType.equals(expected.featureType)) {
            differences.add("feature type " + featureType + " instead of " + expected.featureType);
        }
        if (!labelType.equals(expected.labelType)) {
            differences.add("label type " + labelType + " instead of " + expected.labelType);
        }
        return differences.isEmpty() ? null : String.join(", ", differences)
                + " (shapes without the batch dimension)";
    }

    private static void differ(List<String> differences, String what, List<Long> actual, List<Long> expected) {
        if (actual == null ? expected != null : !actual.equals(expected)) {
            differences.add(what + " " + describe(actual) + " instead of " + describe(expected));
        }
    }

    private static String describe(List<Long> shape) {
        return shape == null ? "(none)" : shape.toString();
    }

    private static boolean finite(INDArray array) {
        return !array.dataType().isFPType() || !BooleanIndexing.or(array, Conditions.notFinite());
    }

    private static List<Long> withoutBatch(INDArray array) {
        if (array == null) {
            return null;
        }
        long[] shape = array.shape();
        List<Long> rest = new ArrayList<>(shape.length - 1);
        for (int i = 1; i < shape.length; i++) {
            rest.add(shape[i]);
        }
        return rest;
    }
}
