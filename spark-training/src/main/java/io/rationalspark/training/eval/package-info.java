/**
 * Evaluation of DL4J networks on data spread over Spark executors: classification statistics (DL4J's
 * {@link org.nd4j.evaluation.classification.Evaluation}) and losses with per-token means and perplexity.
 *
 * <p>Data flow: the driver broadcasts the network once (blueprint + parameters); each task rebuilds a private
 * copy, runs the single-process code of {@link io.rationalspark.training.eval.LocalEvaluation} on the
 * minibatches of its partition and returns one small partial result; the driver merges the partials and
 * destroys the broadcast. Results therefore equal single-process evaluation of the same minibatches.
 */
package io.rationalspark.training.eval;
