package io.rationalspark.jobs;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.util.ShutdownHookManager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * A development HDFS on 127.0.0.1: Hadoop's {@link MiniDFSCluster} (one name node, one data node) as a long-running
 * process, for {@code scripts/local-hdfs.sh}, which runs this file with Java's source launcher (it is not packed into
 * any jar; the build compiles it with the tests so it cannot rot).
 *
 * <p>Usage: {@code LocalHdfs STATE_DIR [PORT]}. Data lives in {@code STATE_DIR/data} and survives a restart (the
 * name node is formatted only the first time); the name node listens on {@code 127.0.0.1:PORT} (default 8020), every
 * other service on a free loopback port. Once up it writes the file system URI, {@code hdfs://127.0.0.1:PORT}, to
 * {@code STATE_DIR/uri}; on SIGTERM it shuts the cluster down and removes that file.
 */
public final class LocalHdfs {

    private LocalHdfs() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: LocalHdfs STATE_DIR [PORT]");
            System.exit(2);
        }
        Path state = Path.of(args[0]).toAbsolutePath();
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 8020;
        Path data = state.resolve("data");
        boolean format = !Files.isDirectory(data.resolve("dfs/name1/current"));

        Configuration conf = new Configuration();
        for (String key : List.of("dfs.datanode.address", "dfs.datanode.http.address", "dfs.datanode.ipc.address",
                "dfs.namenode.http-address")) {
            conf.set(key, "127.0.0.1:0");
        }
        MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf, data.toFile()).nameNodePort(port).numDataNodes(1)
                .checkDataNodeAddrConfig(true).format(format).build();
        cluster.waitActive();

        Path uriFile = state.resolve("uri");
        // Before Hadoop's own hooks (the FileSystem cache closes at priority 10).
        ShutdownHookManager.get().addShutdownHook(() -> {
            try {
                Files.deleteIfExists(uriFile);
            } catch (IOException e) {
                System.err.println("LocalHdfs: could not delete " + uriFile + ": " + e);
            }
            cluster.shutdown();
        }, 100);

        String uri = "hdfs://127.0.0.1:" + cluster.getNameNodePort();
        Path tmp = state.resolve("uri.tmp");
        Files.writeString(tmp, uri + System.lineSeparator());
        Files.move(tmp, uriFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("LocalHdfs: " + uri + " up (" + (format ? "formatted " : "reusing ") + data
                + "; name node web UI http://127.0.0.1:" + cluster.getNameNode().getHttpAddress().getPort() + ")");
        Thread.currentThread().join();
    }
}
