package io.rationalspark.layers.cuda.check;

import io.rationalspark.layers.cuda.CudaDevice;
import io.rationalspark.layers.cuda.CudaUnavailableException;
import io.rationalspark.layers.cuda.RationalCuda;
import io.rationalspark.layers.cuda.RunLayout;
import io.rationalspark.layers.rational.DenominatorForm;
import io.rationalspark.layers.rational.RationalCoefficients;
import io.rationalspark.layers.rational.RationalFunction;

import java.util.List;
import java.util.Locale;

/**
 * The device check of our CUDA kernels (run from the bundle of {@code scripts/gpu-check.sh}; needs no ND4J):
 * (a) correctness against the scalar reference for every form × sharing × layout in double and float
 * ({@link KernelCorrectness}); (b) forward and backward bandwidth on 2^26 floats against a device-to-device copy
 * measured in the same run (targets: forward ≥ 0.85 × copy, backward ≥ 0.70 × copy); (c) forward + backward time
 * against our ReLU kernels on the same tensor (target ≤ 1.2×). Prints Markdown tables for docs/benchmarks.md.
 *
 * <p>Usage: {@code GpuCheck [--device N] [--log2-elements 26] [--repeats 50]}. Exit status: 0 all correct (speed
 * targets are reported, not enforced), 1 a correctness case failed, 2 no CUDA driver or device, 64 bad arguments.
 */
public final class GpuCheck {

    private GpuCheck() {
    }

    public static void main(String[] args) {
        int device = 0;
        int log2 = 26;
        int repeats = 50;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--device": device = Integer.parseInt(args[++i]); break;
                    case "--log2-elements": log2 = Integer.parseInt(args[++i]); break;
                    case "--repeats": repeats = Integer.parseInt(args[++i]); break;
                    default: throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
                }
            }
            if (log2 < 10 || log2 > 30 || repeats < 1) {
                throw new IllegalArgumentException("need 10 <= --log2-elements <= 30 and --repeats >= 1");
            }
        } catch (RuntimeException e) {
            System.err.println("GpuCheck: " + e.getMessage()
                    + "\nusage: GpuCheck [--device N] [--log2-elements 26] [--repeats 50]");
            System.exit(64);
        }
        RationalCuda cuda;
        try {
            cuda = RationalCuda.onDevice(device);
        } catch (CudaUnavailableException e) {
            System.err.println("GpuCheck: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(run(cuda, log2, repeats) ? 0 : 1);
    }

    /** Runs the check on an open device; returns whether every correctness case passed. */
    static boolean run(RationalCuda cuda, int log2, int repeats) {
        CudaDevice device = cuda.device();
        System.out.println("# Rational CUDA kernels on " + device.name() + " (compute capability "
                + device.computeCapability() + ", " + device.multiprocessors() + " multiprocessors), Java "
                + System.getProperty("java.version"));
        System.out.println();
        List<KernelCorrectness.CaseResult> results = KernelCorrectness.runAll(cuda, 20260501L);
        int failed = 0;
        System.out.println("## Correctness against the scalar reference (error / (tolerance × magnitude); ≤ 1 passes)");
        System.out.println();
        System.out.println("Tolerances: double " + KernelCorrectness.DOUBLE_TOLERANCE + "; float "
                + KernelCorrectness.FLOAT_TOLERANCE + " (y, dL/dx), " + KernelCorrectness.FLOAT_SUM_TOLERANCE
                + " (coefficient sums).");
        System.out.println();
        System.out.println("| case | type | y | dL/dx | coefficient sums | result |");
        System.out.println("|---|---|---:|---:|---:|---|");
        for (KernelCorrectness.CaseResult r : results) {
            if (!r.passed()) {
                failed++;
            }
            System.out.printf(Locale.ROOT, "| %s | %s | %.3g | %.3g | %.3g | %s |%n", r.description(), r.type(),
                    r.yRatio(), r.dxRatio(), r.sumRatio(), r.passed() ? "ok" : "**FAIL**");
        }
        System.out.println();
        System.out.println(failed == 0 ? "All " + results.size() + " cases pass." : failed + " of " + results.size()
                + " cases FAIL.");
        System.out.println();

        long n = 1L << log2;
        RationalFunction paper = new RationalFunction(DenominatorForm.SAFE_ABS_TERMS,
                new double[] {0.03, 0.5, 0.9, 0.4, 0.05, 0.003}, new double[] {0.02, 0.8, 0.01, 0.05});
        System.out.println("## Speed on 2^" + log2 + " floats (mean of " + repeats + " launches)");
        System.out.println();
        System.out.println("| kernel | layout | ms | GB/s | vs copy | target |");
        System.out.println("|---|---|---:|---:|---:|---|");
        RunLayout layer = RunLayout.of(n / 4096, 64, 64, 1);
        KernelSpeed.Report layerReport = KernelSpeed.measure(cuda, RationalCoefficients.repeated(paper, 1), layer,
                repeats);
        printSpeed(layerReport, "(5,4) safe-abs-terms, layer, [" + n / 4096 + ",64,8,8]");
        RunLayout channel = RunLayout.of(n / 4096, 64, 64, 64);
        KernelSpeed.Report channelReport = KernelSpeed.measure(cuda, RationalCoefficients.repeated(paper, 64),
                channel, repeats);
        printSpeed(channelReport, "(5,4) safe-abs-terms, channel, [" + n / 4096 + ",64,8,8]");
        System.out.println();
        System.out.printf(Locale.ROOT, "Forward + backward vs ReLU forward + backward: %.2f× (layer), %.2f× (channel);"
                + " target ≤ 1.2×.%n", layerReport.versusRelu(), channelReport.versusRelu());
        return failed == 0;
    }

    private static void printSpeed(KernelSpeed.Report r, String layout) {
        row(r.copy(), "-", r.copy().gigabytesPerSecond(), "(reference)");
        row(r.forward(), layout, r.forwardVsCopy(), r.forwardVsCopy() >= 0.85 ? "≥ 0.85 ok" : "≥ 0.85 **missed**");
        row(r.backward(), layout, r.backwardVsCopy(), r.backwardVsCopy() >= 0.70 ? "≥ 0.70 ok" : "≥ 0.70 **missed**");
        row(r.reluForward(), "-", r.reluForward().gigabytesPerSecond() / r.copy().gigabytesPerSecond(), "");
        row(r.reluBackward(), "-", r.reluBackward().gigabytesPerSecond() / r.copy().gigabytesPerSecond(), "");
    }

    private static void row(KernelSpeed.Timing t, String layout, double versusCopy, String target) {
        System.out.printf(Locale.ROOT, "| %s | %s | %.4f | %.0f | %s | %s |%n", t.what(), layout, t.milliseconds(),
                t.gigabytesPerSecond(), target.equals("(reference)") ? "1.00" : String.format(Locale.ROOT, "%.2f",
                        versusCopy), target);
    }
}
