package io.rationalspark.training.data;

/**
 * Training data that cannot serve the training asked of it: none at all, or fewer minibatches than workers. It is the
 * caller's input (the data set, its preparation, {@code trainer.workers}), not a fault of the trainer, and the message
 * says which numbers do not fit.
 */
public class InsufficientDataException extends IllegalArgumentException {

    public InsufficientDataException(String message) {
        super(message);
    }
}
