package io.rationalspark.layers.cuda.check;

import io.rationalspark.layers.cuda.RationalCuda;

import java.util.ArrayList;
import java.util.List;

/** Test access to {@link KernelCorrectness}: the failing cases of a full run, one line each. */
public final class KernelCorrectnessAccess {

    private KernelCorrectnessAccess() {
    }

    public static List<String> failures(RationalCuda cuda) {
        List<String> failures = new ArrayList<>();
        for (KernelCorrectness.CaseResult r : KernelCorrectness.runAll(cuda, 7L)) {
            if (!r.passed()) {
                failures.add(r.toString());
            }
        }
        return failures;
    }
}
