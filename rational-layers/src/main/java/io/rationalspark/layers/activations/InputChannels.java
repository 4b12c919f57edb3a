package io.rationalspark.layers.activations;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;

/**
 * Reads the channel count (dimension 1 after the batch) from a DL4J {@link InputType}, for the layers whose
 * parameters or normalisation are per channel: feed-forward [batch, size], recurrent NCW [batch, size, time],
 * convolutional NCHW [batch, channels, height, width]. Channels-last layouts are rejected with a message,
 * because channel-wise layers here work on dimension 1.
 */
final class InputChannels {

    private InputChannels() {
    }

    /** The channel count: size for feed-forward and recurrent input, channels for convolutional input. */
    static long of(InputType inputType, String activation) {
        if (inputType == null) {
            throw new IllegalArgumentException(activation + ": input type is null");
        }
        if (inputType instanceof InputType.InputTypeFeedForward) {
            return ((InputType.InputTypeFeedForward) inputType).getSize();
        }
        if (inputType instanceof InputType.InputTypeConvolutionalFlat) {
            return ((InputType.InputTypeConvolutionalFlat) inputType).getFlattenedSize();
        }
        if (inputType instanceof InputType.InputTypeRecurrent) {
            InputType.InputTypeRecurrent r = (InputType.InputTypeRecurrent) inputType;
            if (r.getFormat() != RNNFormat.NCW) {
                throw new IllegalArgumentException(activation + ": recurrent input must be NCW ([batch, size, time]), got "
                        + r.getFormat());
            }
            return r.getSize();
        }
        if (inputType instanceof InputType.InputTypeConvolutional) {
            InputType.InputTypeConvolutional c = (InputType.InputTypeConvolutional) inputType;
            if (c.getFormat() != CNN2DFormat.NCHW) {
                throw new IllegalArgumentException(activation + ": convolutional input must be NCHW, got " + c.getFormat());
            }
            return c.getChannels();
        }
        throw new IllegalArgumentException(activation + ": unsupported input type " + inputType
                + " (expected feed-forward, recurrent NCW or convolutional NCHW)");
    }
}
