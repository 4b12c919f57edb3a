package io.rationalspark.jobs.config;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Section {@code data}: the data set, where its files are, and how it is cut into minibatches.
 *
 * <p>Locations are checked for syntax here; whether they exist is checked by the job that reads them
 * ({@link #existingTrain}, {@link #existingTest}, {@link #existingRaw}), because the prepare job writes the
 * shard directories that the training jobs read.
 *
 * @param name      {@code data.name}
 * @param raw       {@code data.raw}: directory of the raw downloaded files
 * @param train     {@code data.train}: directory of the training shards (a Hadoop URI or local path)
 * @param test      {@code data.test}: directory of the test shards
 * @param minibatch {@code data.minibatch}: examples per minibatch
 * @param limit     {@code data.limit}: use only the first this many training examples; empty: all
 * @param text      {@code data.text}: vocabulary size V and sequence length L (imdb)
 * @param charLm    {@code data.charLm}: sequence length T (moby-dick)
 */
public record DataConfig(Dataset name, String raw, Optional<String> train, Optional<String> test, int minibatch,
                         OptionalInt limit, Text text, CharLm charLm) {

    /** {@code data.text}: the text classification settings. */
    public record Text(int vocabularySize, int sequenceLength) {
        public Text {
            Checks.atLeast("data.text.vocabularySize", vocabularySize, 2);
            Checks.atLeast("data.text.sequenceLength", sequenceLength, 1);
        }
    }

    /** {@code data.charLm}: the character language model settings. */
    public record CharLm(int sequenceLength) {
        public CharLm {
            Checks.atLeast("data.charLm.sequenceLength", sequenceLength, 1);
        }
    }

    public DataConfig {
        Objects.requireNonNull(name, "data.name");
        checkLocation("data.raw", raw);
        train.ifPresent(t -> checkLocation("data.train", t));
        test.ifPresent(t -> checkLocation("data.test", t));
        Checks.atLeast("data.minibatch", minibatch, 1);
        limit.ifPresent(l -> Checks.atLeast("data.limit", l, 1));
        Objects.requireNonNull(text, "data.text");
        Objects.requireNonNull(charLm, "data.charLm");
    }

    private static void checkLocation(String key, String location) {
        Objects.requireNonNull(location, key);
        if (location.isBlank()) {
            throw new IllegalArgumentException(key + " must not be blank, got '" + location + "'");
        }
        try {
            new Path(location);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": not a valid path or URI: '" + location + "' ("
                    + e.getMessage() + ")", e);
        }
    }

    static DataConfig read(ConfigReader r) {
        return new DataConfig(r.choice("data.name", Dataset.class), r.string("data.raw"),
                r.optionalString("data.train"), r.optionalString("data.test"), r.integer("data.minibatch"),
                r.optionalInteger("data.limit"),
                new Text(r.integer("data.text.vocabularySize"), r.integer("data.text.sequenceLength")),
                new CharLm(r.integer("data.charLm.sequenceLength")));
    }

    /** The training and test shards directories, qualified. */
    public record Shards(Path train, Path test) {
    }

    /**
     * Both shards directories, qualified; fails naming the key when one is unset or does not exist. Jobs call it
     * before they create their output directory, so that a wrong path leaves nothing behind.
     */
    public Shards existingShards(Configuration hadoop) throws IOException {
        return new Shards(existingTrain(hadoop), existingTest(hadoop));
    }

    /** The training shards directory, qualified; fails naming the key when it is unset or does not exist. */
    public Path existingTrain(Configuration hadoop) throws IOException {
        return existing("data.train", train, hadoop);
    }

    /** The test shards directory, qualified; fails naming the key when it is unset or does not exist. */
    public Path existingTest(Configuration hadoop) throws IOException {
        return existing("data.test", test, hadoop);
    }

    /** The raw files directory, qualified; fails naming the key when it does not exist. */
    public Path existingRaw(Configuration hadoop) throws IOException {
        return existing("data.raw", Optional.of(raw), hadoop);
    }

    private static Path existing(String key, Optional<String> location, Configuration hadoop) throws IOException {
        String uri = location.orElseThrow(() -> new JobConfigException(key + " is not set; set it to a directory,"
                + " e.g. --set " + key + "=hdfs://namenode:8020/rationalspark/" + key.substring(5)));
        Path path = new Path(uri);
        FileSystem fs = path.getFileSystem(hadoop);
        Path qualified = fs.makeQualified(path);
        if (!fs.exists(qualified)) {
            throw new JobConfigException(key + ": path does not exist: " + qualified);
        }
        return qualified;
    }
}
