package io.rationalspark.layers.rational.kernel;

import io.rationalspark.layers.cuda.RunLayout;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The CUDA adapter's view of an ND4J array ({@link CudaRationalKernel#layoutOf}) gives every element, in memory order,
 * the set of its channel (dimension 1), for C and F order and ranks 2 to 4. No GPU needed.
 */
class CudaLayoutTest {

    @Test
    void everyElementGetsTheSetOfItsChannel() {
        long[][] shapes = {{7, 6}, {3, 6, 5}, {2, 6, 3, 4}, {1, 6, 1, 1}};
        for (long[] shape : shapes) {
            for (char order : new char[] {'c', 'f'}) {
                INDArray channelOf = Nd4j.create(DataType.DOUBLE, shape, order);
                for (int c = 0; c < shape[1]; c++) {
                    INDArrayIndex[] at = new INDArrayIndex[shape.length];
                    for (int d = 0; d < shape.length; d++) {
                        at[d] = d == 1 ? NDArrayIndex.point(c) : NDArrayIndex.all();
                    }
                    channelOf.get(at).assign(c);
                }
                double[] memory = channelOf.data().asDouble();
                for (int sets : new int[] {1, 2, 3, 6}) {
                    RunLayout layout = CudaRationalKernel.layoutOf(channelOf, sets);
                    assertEquals(memory.length, layout.length());
                    for (int i = 0; i < memory.length; i++) {
                        int expected = (int) memory[i] / (int) (shape[1] / sets);
                        assertEquals(expected, layout.setOf(i), "element " + i + " of " + java.util.Arrays.toString(shape)
                                + " '" + order + "' with " + sets + " sets");
                    }
                }
            }
        }
    }
}
