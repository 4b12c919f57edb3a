package io.rationalspark.jobs;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.util.ShutdownHookManager;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;

/**
 * A development YARN cluster on 127.0.0.1: Hadoop's {@link MiniYARNCluster} (one resource manager, NODES node
 * managers) over a {@link MiniDFSCluster} (one name node, one data node), in one long-running process, for
 * {@code scripts/local-yarn.sh}, which runs this file with Java's source launcher (it is not packed into any jar; the
 * build compiles it with the tests so it cannot rot).
 *
 * <p>Usage: {@code LocalYarn STATE_DIR [NODES [MEMORY_MB [VCORES]]]} (defaults 2 node managers of 6144 MB and 4 virtual
 * cores). Every service listens on loopback (the mini cluster names its hosts {@code localhost}; the HDFS services
 * are bound to 127.0.0.1) on a free port. The node managers run containers as this user with Hadoop's default
 * container executor, which starts {@code $JAVA_HOME/bin/java}: JAVA_HOME must be set. The cluster's own files (HDFS
 * blocks, the node managers' local and log directories: {@code NM-LOG-DIR/application_*}/{@code container_*}/stderr)
 * are under {@code STATE_DIR/cluster}, deleted at each start.
 *
 * <p>Once up it writes {@code STATE_DIR/hadoop-conf/core-site.xml} ({@code fs.defaultFS}) and {@code yarn-site.xml}
 * (the resource manager's addresses): the {@code HADOOP_CONF_DIR} a submission needs; {@code STATE_DIR/nm-log-dirs}
 * (one node manager log directory per line), and last {@code STATE_DIR/uri}, the file system URI, which says the
 * cluster is up. On SIGTERM it removes {@code uri} and shuts both clusters down.
 */
public final class LocalYarn {

    private LocalYarn() {
    }

    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (Exception | Error e) {
            // the clusters' non-daemon threads would keep a half-started process alive
            System.err.println("LocalYarn: could not start the cluster");
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        if (args.length < 1 || args.length > 4) {
            System.err.println("usage: LocalYarn STATE_DIR [NODES [MEMORY_MB [VCORES]]]");
            System.exit(2);
        }
        Path state = Path.of(args[0]).toAbsolutePath();
        int nodes = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int memoryMb = args.length > 2 ? Integer.parseInt(args[2]) : 6144;
        int vcores = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        if (System.getenv("JAVA_HOME") == null) {
            System.err.println("LocalYarn: JAVA_HOME is not set; the node managers start containers with"
                    + " $JAVA_HOME/bin/java");
            System.exit(2);
        }
        Path clusterDir = state.resolve("cluster");
        deleteTree(clusterDir);
        Files.createDirectories(clusterDir);
        // MiniYARNCluster puts its directories under test.build.data
        System.setProperty("test.build.data", clusterDir.resolve("yarn").toString());

        Configuration hdfsConf = new Configuration();
        for (String key : List.of("dfs.datanode.address", "dfs.datanode.http.address", "dfs.datanode.ipc.address",
                "dfs.namenode.http-address")) {
            hdfsConf.set(key, "127.0.0.1:0");
        }
        MiniDFSCluster hdfs = new MiniDFSCluster.Builder(hdfsConf, clusterDir.resolve("hdfs").toFile())
                .nameNodePort(0).numDataNodes(1).checkDataNodeAddrConfig(true).format(true).build();
        hdfs.waitActive();
        String fsUri = "hdfs://127.0.0.1:" + hdfs.getNameNodePort();

        YarnConfiguration conf = new YarnConfiguration();
        conf.set("fs.defaultFS", fsUri);
        conf.setInt("yarn.minicluster.yarn.nodemanager.resource.memory-mb", memoryMb);
        conf.setInt(YarnConfiguration.NM_VCORES, vcores);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 256);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, memoryMb);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_VCORES, vcores);
        // a full disk on a development machine must not mark the only nodes unhealthy
        conf.setFloat(YarnConfiguration.NM_MAX_PER_DISK_UTILIZATION_PERCENTAGE, 100.0f);
        // keep finished containers' logs (the test counts the executor containers of an application)
        conf.setLong(YarnConfiguration.NM_LOG_RETAIN_SECONDS, 24 * 3600L);
        conf.set(YarnConfiguration.RM_WEBAPP_ADDRESS, "127.0.0.1:0");
        // the capacity scheduler (YARN's default) with one queue, "default", that may use the whole cluster; half of it
        // for application masters (a cluster-mode driver runs in one)
        conf.set("yarn.scheduler.capacity.root.queues", "default");
        conf.set("yarn.scheduler.capacity.root.default.capacity", "100");
        conf.set("yarn.scheduler.capacity.root.default.maximum-capacity", "100");
        conf.set("yarn.scheduler.capacity.maximum-am-resource-percent", "0.5");
        MiniYARNCluster yarn = new MiniYARNCluster("local-yarn", nodes, 1, 1);
        yarn.init(conf);
        yarn.start();
        if (!yarn.waitForNodeManagersToConnect(60_000)) {
            System.err.println("LocalYarn: the node managers did not register with the resource manager in 60 s");
            yarn.stop();
            hdfs.shutdown();
            System.exit(1);
        }

        Path uriFile = state.resolve("uri");
        // Before Hadoop's own hooks (the FileSystem cache closes at priority 10).
        ShutdownHookManager.get().addShutdownHook(() -> {
            try {
                Files.deleteIfExists(uriFile);
            } catch (IOException e) {
                System.err.println("LocalYarn: could not delete " + uriFile + ": " + e);
            }
            yarn.stop();
            hdfs.shutdown();
        }, 100);

        Configuration running = yarn.getConfig();
        Path confDir = state.resolve("hadoop-conf");
        Files.createDirectories(confDir);
        Configuration core = new Configuration(false);
        core.set("fs.defaultFS", fsUri);
        writeXml(core, confDir.resolve("core-site.xml"));
        Configuration site = new Configuration(false);
        for (String key : List.of(YarnConfiguration.RM_ADDRESS, YarnConfiguration.RM_SCHEDULER_ADDRESS,
                YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS, YarnConfiguration.RM_ADMIN_ADDRESS,
                YarnConfiguration.RM_WEBAPP_ADDRESS)) {
            site.set(key, running.get(key));
        }
        writeXml(site, confDir.resolve("yarn-site.xml"));
        StringBuilder logDirs = new StringBuilder();
        for (int i = 0; i < nodes; i++) {
            for (String dir : yarn.getNodeManager(i).getConfig().getTrimmedStrings(YarnConfiguration.NM_LOG_DIRS)) {
                logDirs.append(dir).append(System.lineSeparator());
            }
        }
        writeAtomically(state.resolve("nm-log-dirs"), logDirs.toString());
        writeAtomically(uriFile, fsUri + System.lineSeparator());
        System.out.println("LocalYarn: up, resource manager " + running.get(YarnConfiguration.RM_ADDRESS)
                + " (web UI http://" + running.get(YarnConfiguration.RM_WEBAPP_ADDRESS) + "), " + nodes
                + " node managers of " + memoryMb + " MB and " + vcores + " vcores, HDFS " + fsUri
                + ", HADOOP_CONF_DIR " + confDir);
        Thread.currentThread().join();
    }

    private static void writeXml(Configuration conf, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            conf.writeXml(out);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
