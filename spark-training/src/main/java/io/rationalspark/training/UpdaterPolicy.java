package io.rationalspark.training;

/** What happens to the updater state (Adam's moments, momentum, ...) at each averaging round. */
public enum UpdaterPolicy {
    /** Average the workers' updater states, weighted by examples, and broadcast the average. */
    AVERAGE,
    /** Start every round from a zero updater state (what dl4j-spark does unless saveUpdater is set). */
    RESET
}
