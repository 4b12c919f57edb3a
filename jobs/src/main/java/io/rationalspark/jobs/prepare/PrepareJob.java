package io.rationalspark.jobs.prepare;

import io.rationalspark.jobs.config.DataConfig;
import io.rationalspark.jobs.config.JobConfig;
import io.rationalspark.jobs.config.JobConfigException;
import io.rationalspark.jobs.data.CharCorpus;
import io.rationalspark.jobs.data.EncodedReviews;
import io.rationalspark.jobs.data.ExampleSet;
import io.rationalspark.jobs.data.ImageDataSet;
import io.rationalspark.jobs.data.ImageShape;
import io.rationalspark.jobs.data.ImdbReader;
import io.rationalspark.jobs.data.ImdbReviews;
import io.rationalspark.jobs.data.Minibatches;
import io.rationalspark.jobs.data.ReviewEncoder;
import io.rationalspark.jobs.data.Split;
import io.rationalspark.jobs.data.Truncation;
import io.rationalspark.jobs.data.Vocabulary;
import io.rationalspark.jobs.run.JobCli;
import io.rationalspark.training.data.ShardManifest;
import io.rationalspark.training.data.ShardWriter;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The prepare job: raw downloaded data (scripts/fetch-data.sh) → normalised minibatch shards for training and
 * test on a Hadoop file system, with what the models must know stored in the shards' manifest metadata
 * (classes, vocabulary or alphabet size, sequence length) and the vocabulary or alphabet beside them.
 * Training minibatches are shuffled with the trainer's seed; test minibatches keep file order. A directory
 * that already holds a complete shard set is left as it is.
 */
public final class PrepareJob {

    /** Manifest metadata keys. */
    public static final String DATASET = "dataset";
    public static final String CLASSES = "classes";
    public static final String VOCABULARY = "vocabularySize";
    public static final String SEQUENCE_LENGTH = "sequenceLength";

    /** What was prepared (or found already prepared). */
    public record Result(ShardManifest train, ShardManifest test, boolean alreadyPrepared) {
    }

    private PrepareJob() {
    }

    /** The job's command line. */
    public static final JobCli CLI = new JobCli("prepare", "Turns raw data into normalised minibatch shards for training and"
                + " test.");

    public static void main(String[] args) {
        CLI.main(args, PrepareJob::execute);
    }

    /** What {@link #main} does with its config: prints it, runs the job, prints where the results are. */
    public static void execute(JobConfig config) throws IOException {
        System.out.println(config.render());
        Result result = run(config, new Configuration());
        System.out.printf("train: %d examples in %d minibatches at %s%ntest: %d examples in %d minibatches at %s%n",
                result.train().examples(), result.train().minibatches(), config.data().train().orElseThrow(),
                result.test().examples(), result.test().minibatches(), config.data().test().orElseThrow());
    }

    public static Result run(JobConfig config, Configuration hadoop) throws IOException {
        DataConfig data = config.data();
        String trainUri = data.train().orElseThrow(() -> new IllegalArgumentException(
                "data.train: the prepare job needs the directory to write the training shards to"));
        String testUri = data.test().orElseThrow(() -> new IllegalArgumentException(
                "data.test: the prepare job needs the directory to write the test shards to"));
        if (complete(hadoop, trainUri) && complete(hadoop, testUri)) {
            return new Result(manifest(hadoop, trainUri), manifest(hadoop, testUri), true);
        }
        java.nio.file.Path raw = Paths.get(data.raw());
        if (!Files.isDirectory(raw)) {
            throw new JobConfigException("data.raw: path does not exist: " + raw.toAbsolutePath()
                    + " (run scripts/fetch-data.sh first)");
        }
        long seed = config.trainer().seed();
        int limit = data.limit().orElse(Integer.MAX_VALUE);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(DATASET, data.name().configName());
        ExampleSet train;
        ExampleSet test;
        String sideFile = null;
        String sideContent = null;
        switch (data.name()) {
            case FASHION_MNIST:
            case MNIST: {
                java.nio.file.Path dir = raw.resolve(data.name().configName());
                train = ImageDataSet.read(dir, Split.TRAIN, ImageShape.FLAT, limit);
                test = ImageDataSet.read(dir, Split.TEST, ImageShape.FLAT);
                meta.put(CLASSES, "10");
                break;
            }
            case IMDB: {
                ImdbReviews reviews = ImdbReader.read(raw.resolve("imdb").resolve("reviews.json"));
                Vocabulary vocabulary = Vocabulary.build(reviews.train().stream().map(r -> r.text()).toList(),
                        data.text().vocabularySize());
                ReviewEncoder encoder = new ReviewEncoder(vocabulary, data.text().sequenceLength(), Truncation.KEEP_START);
                EncodedReviews all = encoder.encode(reviews.train());
                train = limit < all.size() ? subset(all, limit, seed) : all;
                test = encoder.encode(reviews.test());
                meta.put(CLASSES, "2");
                meta.put(VOCABULARY, String.valueOf(vocabulary.size()));
                meta.put(SEQUENCE_LENGTH, String.valueOf(data.text().sequenceLength()));
                java.nio.file.Path tmp = Files.createTempFile("vocabulary", ".txt");
                try {
                    vocabulary.save(tmp);
                    sideContent = Files.readString(tmp, StandardCharsets.UTF_8);
                } finally {
                    Files.deleteIfExists(tmp);
                }
                sideFile = "vocabulary.txt";
                break;
            }
            case MOBY_DICK: {
                CharCorpus corpus = CharCorpus.read(raw.resolve("moby-dick").resolve("moby-dick.txt"), 0.1);
                ExampleSet all = corpus.sequences(Split.TRAIN, data.charLm().sequenceLength());
                train = limit < all.size() ? subset(all, limit, seed) : all;
                test = corpus.sequences(Split.TEST, data.charLm().sequenceLength());
                meta.put(CLASSES, String.valueOf(corpus.vocabularySize()));
                meta.put(VOCABULARY, String.valueOf(corpus.vocabularySize()));
                meta.put(SEQUENCE_LENGTH, String.valueOf(data.charLm().sequenceLength()));
                StringBuilder alphabet = new StringBuilder();
                for (int i = 0; i < corpus.vocabularySize(); i++) {
                    alphabet.append(corpus.codePoint(i)).append('\n');
                }
                sideFile = "alphabet.txt";
                sideContent = alphabet.toString();
                break;
            }
            default:
                throw new IllegalArgumentException("data.name: unsupported " + data.name());
        }
        int perShard = Math.max(1, 4096 / data.minibatch());
        ShardWriter writer = new ShardWriter(hadoop, perShard, meta);
        ShardManifest trainManifest = complete(hadoop, trainUri) ? manifest(hadoop, trainUri)
                : writer.write(Minibatches.shuffled(train, data.minibatch(), seed).iterator(), trainUri);
        ShardManifest testManifest = complete(hadoop, testUri) ? manifest(hadoop, testUri)
                : writer.write(Minibatches.inOrder(test, data.minibatch()).iterator(), testUri);
        if (sideFile != null) {
            writeBeside(hadoop, trainUri, sideFile, sideContent);
        }
        return new Result(trainManifest, testManifest, false);
    }

    /** The first {@code n} examples of a seeded permutation of {@code all}. */
    private static ExampleSet subset(ExampleSet all, int n, long seed) {
        int[] order = Minibatches.shuffled(all, all.size(), seed).examplesOf(0);
        int[] chosen = java.util.Arrays.copyOf(order, n);
        return new ExampleSet() {
            @Override
            public int size() {
                return chosen.length;
            }

            @Override
            public org.nd4j.linalg.dataset.DataSet batch(int[] examples) {
                int[] mapped = new int[examples.length];
                for (int i = 0; i < examples.length; i++) {
                    mapped[i] = chosen[examples[i]];
                }
                return all.batch(mapped);
            }
        };
    }

    private static boolean complete(Configuration hadoop, String uri) throws IOException {
        Path dir = new Path(uri);
        FileSystem fs = dir.getFileSystem(hadoop);
        return fs.exists(new Path(dir, "_manifest.json"));
    }

    private static ShardManifest manifest(Configuration hadoop, String uri) throws IOException {
        Path dir = new Path(uri);
        return ShardManifest.read(dir.getFileSystem(hadoop), dir);
    }

    private static void writeBeside(Configuration hadoop, String shardsUri, String name, String content)
            throws IOException {
        Path dir = new Path(shardsUri);
        FileSystem fs = dir.getFileSystem(hadoop);
        Path target = new Path(dir.getParent(), name);
        Path tmp = new Path(dir.getParent(), "." + name + ".tmp");
        try (var out = fs.create(tmp, true)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
        fs.delete(target, false);
        if (!fs.rename(tmp, target)) {
            throw new IOException("cannot rename " + tmp + " to " + target);
        }
    }
}
