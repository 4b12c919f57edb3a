/**
 * Readers for the real data sets that {@code scripts/fetch-data.sh} puts under {@code data/}: Fashion-MNIST and
 * MNIST ({@link io.rationalspark.jobs.data.IdxReader}, {@link io.rationalspark.jobs.data.ImageDataSet}), the IMDB
 * reviews ({@link io.rationalspark.jobs.data.ImdbReader}, {@link io.rationalspark.jobs.data.Tokenizer},
 * {@link io.rationalspark.jobs.data.Vocabulary}, {@link io.rationalspark.jobs.data.ReviewEncoder}) and Moby Dick
 * ({@link io.rationalspark.jobs.data.CharCorpus}).
 *
 * <p>Plain Java and ND4J: DL4J's own fetchers download from the web (this project runs offline) and check MNIST's
 * checksums (so they reject Fashion-MNIST). Every data set is an {@link io.rationalspark.jobs.data.ExampleSet} that
 * builds an ND4J {@code DataSet} for any list of example indices; {@link io.rationalspark.jobs.data.Minibatches}
 * cuts it into minibatches, in file order or shuffled by a seed. A malformed input fails with an
 * {@link java.io.IOException} whose message names the file and what is wrong with it.
 */
package io.rationalspark.jobs.data;
