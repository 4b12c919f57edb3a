package io.rationalspark.jobs.data;

/** Which part of a data set: the part a model is trained on, or the held-out part it is evaluated on. */
public enum Split {
    TRAIN,
    TEST
}
