package io.rationalspark.training.cluster;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * JUnit 5 extension: a one-datanode MiniDFSCluster on 127.0.0.1 for a cluster test class, started before its tests in
 * a temporary directory and shut down (the directory deleted) after them. Register it as a static field with
 * {@code @RegisterExtension}.
 */
final class MiniHdfs implements BeforeAllCallback, AfterAllCallback {

    private Configuration conf;
    private MiniDFSCluster hdfs;
    private Path base;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        conf = new Configuration();
        for (String key : List.of("dfs.datanode.address", "dfs.datanode.http.address", "dfs.datanode.ipc.address",
                "dfs.namenode.http-address")) {
            conf.set(key, "127.0.0.1:0");
        }
        base = Files.createTempDirectory("rationalspark-hdfs-");
        hdfs = new MiniDFSCluster.Builder(conf, base.toFile()).numDataNodes(1).checkDataNodeAddrConfig(true).build();
        hdfs.waitActive();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            if (hdfs != null) {
                hdfs.shutdown(true);
            }
        } finally {
            hdfs = null;
            if (base != null && Files.exists(base)) {
                try (Stream<Path> paths = Files.walk(base)) {
                    paths.sorted(Comparator.reverseOrder()).forEach(MiniHdfs::delete);
                }
            }
        }
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Hadoop configuration the cluster was started with (every address on 127.0.0.1). */
    Configuration conf() {
        return conf;
    }

    /** The file system of the running cluster. */
    FileSystem fileSystem() throws IOException {
        return hdfs.getFileSystem();
    }

    /** The fully qualified {@code hdfs://127.0.0.1:<port>/path}. */
    String uri(String path) {
        return "hdfs://127.0.0.1:" + hdfs.getNameNodePort() + "/" + path;
    }
}
