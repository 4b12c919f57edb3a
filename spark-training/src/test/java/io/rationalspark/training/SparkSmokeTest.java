package io.rationalspark.training;

import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

@ExtendWith(LocalSpark.class)
class SparkSmokeTest {
    @Test
    void dataSetsTravelThroughSpark(JavaSparkContext sc) {
        List<DataSet> data = List.of(new DataSet(Nd4j.ones(DataType.FLOAT, 3, 2), Nd4j.zeros(DataType.FLOAT, 3, 1)),
                new DataSet(Nd4j.ones(DataType.FLOAT, 5, 2), Nd4j.zeros(DataType.FLOAT, 5, 1)));
        long examples = sc.parallelize(data, 2).map(DataSet::numExamples).reduce(Integer::sum);
        assertEquals(8, examples);
    }
}
