package io.rationalspark.training.cluster;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A one-datanode MiniDFSCluster on 127.0.0.1 for the cluster tests (started and shut down by the test class). */
final class MiniHdfs {

    private MiniHdfs() {
    }

    /** A Hadoop configuration with every HDFS address on 127.0.0.1 and a free port. */
    static Configuration conf() {
        Configuration conf = new Configuration();
        for (String key : List.of("dfs.datanode.address", "dfs.datanode.http.address", "dfs.datanode.ipc.address",
                "dfs.namenode.http-address")) {
            conf.set(key, "127.0.0.1:0");
        }
        return conf;
    }

    static MiniDFSCluster start(Configuration conf, Path base) throws IOException {
        MiniDFSCluster hdfs = new MiniDFSCluster.Builder(conf, base.toFile()).numDataNodes(1)
                .checkDataNodeAddrConfig(true).build();
        hdfs.waitActive();
        return hdfs;
    }

    /** The fully qualified {@code hdfs://127.0.0.1:<port>/path}. */
    static String uri(MiniDFSCluster hdfs, String path) {
        return "hdfs://127.0.0.1:" + hdfs.getNameNodePort() + "/" + path;
    }
}
