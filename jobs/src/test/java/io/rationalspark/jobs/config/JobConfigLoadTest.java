package io.rationalspark.jobs.config;

import io.rationalspark.layers.rational.CoefficientSharing;
import io.rationalspark.layers.rational.DenominatorForm;
import io.rationalspark.training.PeerEngine;
import io.rationalspark.training.UpdaterPolicy;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobConfigLoadTest {

    @TempDir
    Path tmp;

    private Path file(String hocon) throws IOException {
        Path f = tmp.resolve("job.conf");
        Files.writeString(f, hocon);
        return f;
    }

    private static String error(Path conf, String... overrides) {
        return assertThrows(JobConfigException.class, () -> JobConfig.load(conf, List.of(overrides))).getMessage();
    }

    private static String error(String... overrides) {
        return error(null, overrides);
    }

    // ---- merging -----------------------------------------------------------------------------------------------

    @Test
    void overridesWinOverTheFileWhichWinsOverDefaults() throws IOException {
        Path conf = file("trainer { workers = 4, averagingPeriod = 10 }\ndata.minibatch = 32\n");
        JobConfig c = JobConfig.load(conf, List.of("trainer.averagingPeriod=20"));
        assertEquals(4, c.trainer().averaging().workers(), "from the file");
        assertEquals(20, c.trainer().averaging().averagingPeriod(), "--set beats the file");
        assertEquals(32, c.data().minibatch(), "from the file");
        assertEquals(5, JobConfig.defaults().withWorkers(2).trainer().averaging().averagingPeriod());
        assertEquals(0, c.trainer().averaging().warmupRounds(), "default");
        assertTrue(c.source().contains("job.conf") && c.source().contains("--set trainer.averagingPeriod=20"),
                c.source());
    }

    @Test
    void laterOverridesOfTheSameKeyWin() {
        JobConfig c = JobConfig.load(List.of("trainer.workers=3", "trainer.workers=6"));
        assertEquals(6, c.trainer().averaging().workers());
    }

    @Test
    void fileMayIncludeAnotherAndUseSubstitutions() throws IOException {
        Files.writeString(tmp.resolve("base.conf"), "data { name = mnist, train = \"hdfs://nn:8020/mnist/train\" }\n");
        Path conf = file("include \"base.conf\"\ndata.test = ${data.train}\"-test\"\nmodel.kind = lenet\n");
        JobConfig c = JobConfig.load(conf, List.of());
        assertEquals(Dataset.MNIST, c.data().name());
        assertEquals(Optional.of("hdfs://nn:8020/mnist/train-test"), c.data().test());
        assertEquals(ModelConfig.Kind.LENET, c.model().kind());
    }

    @Test
    void valuesOfEveryKindViaSet() {
        JobConfig c = JobConfig.load(List.of(
                "spark.master=local[2]",
                "trainer.workers=3",
                "data.train=hdfs://nn:8020/rs/fashion-mnist/train",
                "data.test=file:/tmp/test # not a comment",
                "data.limit=1000",
                "model.mlp.hidden=[512, 64, 32]",
                "model.activation=Leaky_ReLU",
                "model.rational.init.target=leakyrelu:0.2",
                "model.rational.sharing=groups:4",
                "model.rational.form=plain",
                "model.rational.learningRate=5e-4",
                "trainer.learningRateScaling=true",
                "trainer.timeBudget=90s",
                "trainer.updaterPolicy=RESET",
                "study.activations=[relu, rational, tanh]",
                "study.widthMultipliers=[1, 3]",
                "spark.conf={ \"spark.executor.memory\" = 4g }",
                "spark.conf.spark.ui.enabled=false"));
        assertEquals(Optional.of("local[2]"), c.spark().master());
        assertEquals(Map.of("spark.executor.memory", "4g", "spark.ui.enabled", "false"), c.spark().conf());
        assertEquals(Optional.of("hdfs://nn:8020/rs/fashion-mnist/train"), c.data().train());
        assertEquals(Optional.of("file:/tmp/test # not a comment"), c.data().test());
        assertEquals(1000, c.data().limit().getAsInt());
        assertEquals(List.of(512, 64, 32), c.model().mlp().hidden());
        assertEquals("leakyrelu", c.model().activation());
        assertEquals("leakyrelu:0.2", c.model().rational().spec().init().target());
        assertEquals(CoefficientSharing.groups(4), c.model().rational().spec().sharing());
        assertEquals(DenominatorForm.PLAIN, c.model().rational().spec().form());
        assertEquals(Optional.of(5e-4), c.model().rational().learningRate());
        assertTrue(c.trainer().averaging().learningRateScaling());
        assertEquals(Duration.ofSeconds(90), c.trainer().averaging().timeBudget());
        assertEquals(UpdaterPolicy.RESET, c.trainer().averaging().updaterPolicy());
        assertEquals(List.of("relu", "rational", "tanh"), c.study().activations());
        assertEquals(List.of(1.0, 3.0), c.study().widthMultipliers());
    }

    @Test
    void nullUnsetsAKey() throws IOException {
        Path conf = file("trainer.timeBudget = 2h\nspark.master = \"local[4]\"\n");
        JobConfig c = JobConfig.load(conf, List.of("trainer.timeBudget=null", "trainer.workers=2"));
        assertEquals(null, c.trainer().averaging().timeBudget());
        assertEquals(Optional.of("local[4]"), c.spark().master());
    }

    // ---- durations ---------------------------------------------------------------------------------------------

    @Test
    void durationsNeedAUnit() {
        assertEquals(Duration.ofMinutes(30),
                JobConfig.load(List.of("trainer.timeBudget=30m", "trainer.workers=1")).trainer().averaging().timeBudget());
        assertEquals(Duration.ofHours(2),
                JobConfig.load(List.of("trainer.timeBudget=2 hours", "trainer.workers=1")).trainer().averaging().timeBudget());
        assertEquals("trainer.timeBudget: expected a duration with a unit, such as 90s, 30m or 2h, got number 3600"
                + " (--set trainer.timeBudget=3600)", error("trainer.timeBudget=3600"));
        assertTrue(error("trainer.timeBudget=soon").startsWith("trainer.timeBudget: expected a duration with a unit,"
                + " such as 90s, 30m or 2h, got string 'soon'"));
        assertEquals("trainer.timeBudget must be positive, got PT0S", error("trainer.timeBudget=0s"));
    }

    // ---- unknown keys ------------------------------------------------------------------------------------------

    @Test
    void unknownKeyInTheFileIsNamedWithSuggestionAndLine() throws IOException {
        Path conf = file("trainer {\n  workers = 4\n  averagingPeriode = 3\n}\n");
        assertEquals("unknown key 'trainer.averagingPeriode' (did you mean 'trainer.averagingPeriod'?) (" + conf
                + ": 3)", error(conf));
    }

    @Test
    void unknownKeyViaSet() {
        assertEquals("unknown key 'trainer.averagingPeriode' (did you mean 'trainer.averagingPeriod'?)"
                + " (--set trainer.averagingPeriode=3)", error("trainer.averagingPeriode=3"));
        assertEquals("unknown key 'model.rational.init.targt' (did you mean 'model.rational.init.target'?)"
                + " (--set model.rational.init.targt=relu)", error("model.rational.init.targt=relu"));
    }

    @Test
    void keyInTheWrongSectionSuggestsTheRightOne() {
        assertTrue(error("model.seed=3").startsWith("unknown key 'model.seed' (did you mean 'trainer.seed'?)"));
    }

    @Test
    void unknownSectionsAreReportedKeyByKeyAndAllAtOnce() throws IOException {
        Path conf = file("trainr { workers = 4 }\nfoo = 1\n");
        String message = error(conf);
        assertTrue(message.contains("unknown key 'trainr.workers' (did you mean 'trainer.workers'?)"), message);
        assertTrue(message.contains("unknown key 'foo'"), message);
        assertTrue(message.contains("; "), message);
    }

    @Test
    void aQuotedDottedKeyIsNotTheNestedKey() throws IOException {
        String message = error(file("trainer { \"averagingPeriod.x\" = 3 }\n"));
        assertTrue(message.startsWith("unknown key 'trainer.\"averagingPeriod.x\"'"), message);
    }

    @Test
    void aSectionCannotBeAValue() {
        assertTrue(error("trainer=5").startsWith("trainer: is a section of keys (trainer.engine, trainer.workers"),
                error("trainer=5"));
    }

    @Test
    void sparkConfIsFreeFormButNeedsSparkProperties() {
        JobConfig c = JobConfig.load(List.of("spark.conf.spark.anything.at.all=1"));
        assertEquals(Map.of("spark.anything.at.all", "1"), c.spark().conf());
        assertTrue(error("spark.conf.executor.memory=4g")
                .startsWith("spark.conf: property 'executor.memory' does not start with 'spark.'"));
        assertEquals("spark.conf: set 'spark.master' with spark.master instead",
                error("spark.conf={\"spark.master\" = \"local\"}"));
    }

    // ---- wrong types -------------------------------------------------------------------------------------------

    @Test
    void wrongTypesNameKeyExpectedTypeAndValue() throws IOException {
        assertEquals("trainer.workers: expected an integer or auto, got string 'two' (--set trainer.workers=two)",
                error("trainer.workers=two"));
        assertEquals("trainer.workers: expected an integer or auto, got string 'Auto' (--set trainer.workers=Auto)",
                error("trainer.workers=Auto"));
        assertEquals("trainer.workers: expected an integer, got number 2.5 (--set trainer.workers=2.5)",
                error("trainer.workers=2.5"));
        assertEquals("trainer.learningRateScaling: expected a boolean (true or false), got number 3"
                + " (--set trainer.learningRateScaling=3)", error("trainer.learningRateScaling=3"));
        assertEquals("model.mlp.hidden: expected a list of integers, got number 256 (--set model.mlp.hidden=256)",
                error("model.mlp.hidden=256"));
        assertEquals("model.mlp.hidden[1]: expected an integer, got string 'wide' (--set model.mlp.hidden=[256, wide])",
                error("model.mlp.hidden=[256, wide]"));
        Path conf = file("data {\n  train = [a, b]\n}\n");
        assertEquals("data.train: expected a string, got list [a, b] (" + conf + ": 2)", error(conf));
    }

    @Test
    void requiredKeysCannotBeNull() {
        assertEquals("trainer.workers must be set to an integer or auto, got null", error("trainer.workers=null"));
    }

    @Test
    void numbersInQuotesAreNumbers() throws IOException {
        assertEquals(7, JobConfig.load(file("trainer.workers = \"7\"\n"), List.of()).trainer().averaging().workers());
    }

    // ---- invalid values ----------------------------------------------------------------------------------------

    @Test
    void invalidValuesNameKeyAndValue() {
        assertEquals("trainer.averagingPeriod must be >= 1, got 0", error("trainer.averagingPeriod=0"));
        assertEquals("trainer.keepCheckpoints must be >= 1, got 0", error("trainer.keepCheckpoints=0"));
        assertEquals("data.minibatch must be >= 1, got -5", error("data.minibatch=-5"));
        assertEquals("model.mlp.hidden[1] must be >= 1, got 0", error("model.mlp.hidden=[64, 0]"));
        assertEquals("trainer.optimizer.learningRate must be a finite number > 0, got 0.0",
                error("trainer.optimizer.learningRate=0"));
        assertEquals("study.seeds must be >= 1, got 0", error("study.seeds=0"));
        assertEquals("trainer: set at least one of epochs, maxRounds or timeBudget (all are unset)",
                error("trainer.epochs=0"));
    }

    @Test
    void unknownActivationListsTheValidNames() {
        String message = error("model.activation=relux");
        assertTrue(message.startsWith("model.activation: unknown activation 'relux'; expected one of elu, leakyrelu,"),
                message);
        assertTrue(message.endsWith("rational (did you mean 'relu'?)"), message);
        assertTrue(error("study.activations=[relu, tanhh]")
                .startsWith("study.activations[1]: unknown activation 'tanhh'; expected one of"));
        assertEquals("study.activations[2]: 'ReLU' is listed twice (as relu)",
                error("study.activations=[relu, tanh, ReLU]"));
    }

    @Test
    void unknownChoicesListTheValidOnes() {
        assertEquals("model.kind: unknown value 'cnn'; expected one of mlp, lenet, text-conv, text-lstm, text-attention,"
                + " char-lstm"
                + " (--set model.kind=cnn)", error("model.kind=cnn"));
        assertEquals("trainer.engine: unknown value 'dl4jspark'; expected one of model-averaging, dl4j-spark"
                + " (did you mean 'dl4j-spark'?) (--set trainer.engine=dl4jspark)", error("trainer.engine=dl4jspark"));
    }

    /** dl4j-spark is chosen in the Spark 3.5 build, and refused with the reason in the Spark 4 build (-Pspark-4). */
    @Test
    void theDl4jSparkEngineIsChosenWhereTheBuildHasIt() {
        if (PeerEngine.dl4jSpark().isPresent()) {
            assertEquals(TrainerConfig.Engine.DL4J_SPARK,
                    JobConfig.load(List.of("trainer.engine=DL4J_SPARK")).trainer().engine());
        } else {
            String message = error("trainer.engine=dl4j-spark");
            assertTrue(message.contains("trainer.engine = dl4j-spark: dl4j-spark is not in this build")
                    && message.contains("Scala 2.12") && message.contains("model-averaging"), message);
        }
        assertEquals(System.getProperty("rationalspark.spark.line", "3").equals("3"), PeerEngine.dl4jSpark().isPresent(),
                "the Spark 3.5 build has dl4j-spark and the Spark 4 build does not");
    }

    @Test
    void rationalOptionsAreCheckedByTheLayerWithTheFullKey() {
        assertEquals("model.rational.numeratorDegree must be in [1, 10], got 11",
                error("model.rational.numeratorDegree=11"));
        assertTrue(error("model.rational.form=safer")
                .startsWith("model.rational.form: unknown denominator form 'safer'"));
        assertTrue(error("model.rational.sharing=everything").startsWith("model.rational.sharing: unknown sharing"));
        assertTrue(error("model.rational.init.target=relux")
                .startsWith("model.rational.init.target: unknown fit target 'relux'"));
        assertTrue(error("model.rational.init.method=newton")
                .startsWith("model.rational.init.method: unknown fit method 'newton'"));
        assertEquals("model.rational.init.interval must be [lower, upper] with lower < upper, got [3.0, -3.0]",
                error("model.rational.init.interval=[3, -3]"));
        assertEquals("model.rational.learningRate must be a finite number > 0, got -1.0",
                error("model.rational.learningRate=-1"));
    }

    @Test
    void theModelMustFitTheData() {
        assertEquals("model.kind = mlp does not fit data.name = imdb (text); use model.kind = text-conv or text-lstm or"
                + " text-attention",
                error("data.name=imdb"));
        assertEquals(ModelConfig.Kind.CHAR_LSTM,
                JobConfig.load(List.of("data.name=moby-dick", "model.kind=char-lstm")).model().kind());
    }

    @Test
    void attentionHeadsMustDivideTheEmbedding() {
        assertEquals("model.textAttention.embedding must be divisible by model.textAttention.heads = 3, got 64"
                + " (each head attends over embedding / heads dimensions)", error("model.textAttention.heads=3"));
        assertEquals("model.textAttention.heads must be >= 1, got 0", error("model.textAttention.heads=0"));
    }

    /** Every preset shipped in conf/ loads and validates (a renamed key or a typo in a preset fails here). */
    @Test
    void everyPresetInConfLoads() throws IOException {
        List<Path> presets;
        try (java.util.stream.Stream<Path> files = Files.list(Path.of("..", "conf"))) {
            presets = files.filter(f -> f.getFileName().toString().endsWith(".conf")).sorted().toList();
        }
        assertTrue(presets.size() >= 15, "presets found: " + presets);
        for (Path preset : presets) {
            JobConfig c = JobConfig.load(preset, List.of());
            assertTrue(c.output().dir().isPresent(), preset + " names its output directory");
        }
    }

    @Test
    void theAttentionPresetLoads() {
        JobConfig c = JobConfig.load(Path.of("..", "conf", "imdb-attention-quick.conf"), List.of());
        assertEquals(ModelConfig.Kind.TEXT_ATTENTION, c.model().kind());
        assertEquals(Dataset.IMDB, c.data().name());
    }

    @Test
    void badOverridesAndFiles() throws IOException {
        assertEquals("--set expects key=value, got 'trainer.workers'", error("trainer.workers"));
        assertTrue(error("model.mlp.hidden=[1, 2").startsWith("--set model.mlp.hidden=[1, 2: not a valid HOCON value"));
        assertEquals("config file not found: " + tmp.resolve("nope.conf"), error(tmp.resolve("nope.conf")));
        assertTrue(error(file("trainer { workers = 4 \n")).startsWith("cannot read config file "));
        assertTrue(error("data.test=${data.trainn}").contains("data.trainn"));
    }

    // ---- rendering, comparing, deriving ------------------------------------------------------------------------

    @Test
    void renderedConfigReadsBackEqual() {
        JobConfig c = JobConfig.load(List.of("spark.master=local[2]", "trainer.timeBudget=45m",
                "model.activation=Leaky-ReLU", "spark.conf={\"spark.executor.memory\" = 4g}",
                "study.activations=[relu, tanh]", "data.limit=500"));
        String rendered = c.render();
        assertTrue(rendered.contains("  averagingPeriod = 5\n"), rendered);
        assertTrue(rendered.matches("(?s).*\n  timeBudget = \"?45m\"?\n.*"), rendered);
        assertTrue(rendered.contains("\n    hidden = [256, 128]\n"), rendered);
        JobConfig back = JobConfig.parse(rendered, "rendered");
        assertEquals(c, back);
        assertEquals(c.hashCode(), back.hashCode());
        assertEquals(c.toString(), back.toString());
        assertTrue(c.renderJson().contains("\"averagingPeriod\" : 5"), c.renderJson());
    }

    @Test
    void sameRunIgnoresWhereItRunsAndWrites() {
        JobConfig a = JobConfig.load(List.of("output.dir=runs/a", "spark.master=local[2]"));
        JobConfig b = a.with("output.dir=file:/elsewhere", "spark.master=spark://h:7077");
        assertTrue(a.sameRunAs(b));
        assertNotEquals(a, b);
        assertTrue(a.differencesFrom(b).isEmpty());
        JobConfig c = a.with("trainer.averagingPeriod=10", "model.activation=relu");
        assertFalse(a.sameRunAs(c));
        assertEquals(List.of(new JobConfig.Difference("model.activation", "rational", "relu"),
                new JobConfig.Difference("trainer.averagingPeriod", "5", "10")), a.differencesFrom(c));
    }

    @Test
    void withDerivesAValidatedConfig() {
        JobConfig base = JobConfig.load(List.of("trainer.seed=100"));
        JobConfig run = base.with("model.activation=tanh", "trainer.seed=" + base.study().seed(100, 2));
        assertEquals("tanh", run.model().activation());
        assertEquals(102, run.trainer().seed());
        assertEquals(100, base.trainer().seed(), "immutable");
        assertThrows(JobConfigException.class, () -> base.with("trainer.workerz=2"));
    }

    // ---- Spark and file-system glue ----------------------------------------------------------------------------

    @Test
    void sparkSubmitsMasterAndNameWinOverThePresetsItsConfGoesOver() {
        SparkConf fromSubmit = new SparkConf(false).setMaster("yarn").set("spark.app.name", "submitted")
                .set("spark.executor.memory", "1g");
        SparkConf conf = JobConfig.load(List.of("spark.conf={\"spark.executor.memory\" = 4g}", "spark.master=local[2]",
                "spark.appName=preset")).spark().applyTo(fromSubmit, "train");
        assertEquals("yarn", conf.get("spark.master"), "spark-submit's --master beats the preset's");
        assertEquals("submitted", conf.get("spark.app.name"), "and its --name");
        assertEquals("4g", conf.get("spark.executor.memory"), "set here: wins");

        SparkConf own = JobConfig.load(List.of("spark.master=local[2]")).spark().applyTo(new SparkConf(false), "train");
        assertEquals("local[2]", own.get("spark.master"));
        assertEquals("train", own.get("spark.app.name"), "no name anywhere: the job's");

        JobConfigException e = assertThrows(JobConfigException.class,
                () -> JobConfig.defaults().spark().applyTo(new SparkConf(false), "train"));
        assertTrue(e.getMessage().startsWith("spark.master is not set and the environment gives no master"));
    }

    @Test
    void anUnreachableStandaloneMasterIsNamedBeforeSparkStarts() throws IOException {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        String master = "spark://127.0.0.1:" + port;
        JobConfigException e = assertThrows(JobConfigException.class,
                () -> JobConfig.load(List.of("spark.master=\"" + master + "\"")).spark().toSparkConf("train"));
        assertTrue(e.getMessage().startsWith("cannot reach the Spark master " + master + " (127.0.0.1:" + port),
                e.getMessage());
        try (java.net.ServerSocket listening = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            SparkConfig.requireReachable("spark://127.0.0.1:" + port + ",127.0.0.1:" + listening.getLocalPort());
        }
        SparkConfig.requireReachable("local[2]");
    }

    @Test
    void inputDirectoriesMustExistWhenTheJobReadsThem() throws IOException {
        Configuration hadoop = new Configuration();
        Path train = Files.createDirectory(tmp.resolve("train"));
        JobConfig c = JobConfig.load(List.of("data.train=" + train.toUri(), "data.test=" + tmp.resolve("x/y")));
        assertEquals(train.toUri().getPath().replaceAll("/$", ""), c.data().existingTrain(hadoop).toUri().getPath());
        JobConfigException e = assertThrows(JobConfigException.class, () -> c.data().existingTest(hadoop));
        assertEquals("data.test: path does not exist: file:" + tmp.resolve("x/y"), e.getMessage());
        assertTrue(assertThrows(JobConfigException.class, () -> JobConfig.defaults().data().existingTrain(hadoop))
                .getMessage().startsWith("data.train is not set"));
    }
}
