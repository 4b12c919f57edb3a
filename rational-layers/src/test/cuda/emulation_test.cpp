// Checks the kernels of rational.cu, run under the host emulation (rational_emulation.h), against a direct
// evaluation of the formulas (powers, no Horner) for every denominator form, sharing mode and several layouts
// and degrees, in double (tolerance 1e-12 relative) and float (1e-4 relative to the sum of magnitudes), with
// -0.0 and +0.0 among the inputs (sign(0) = +1 for both, as in the Java kernels).
// Run by scripts/test-cuda-emulation.sh. Prints one line per case and exits non-zero on any mismatch.
#include "../../main/cuda/rational.cu"

#include <cmath>
#include <cstdio>
#include <random>

namespace {

struct Geometry {
    long long chunk;
    int chunksPerSet;
    long long blocks;
};

// The same geometry as io.rationalspark.layers.cuda.LaunchGeometry.bySet.
Geometry bySetGeometry(long long outer, long long run, int sets, int threads, long long targetBlocks) {
    long long perSet = outer * run;
    long long maxChunks = (perSet + threads - 1) / threads;
    long long chunks = (targetBlocks + sets - 1) / sets;
    if (chunks > maxChunks) chunks = maxChunks;
    if (chunks < 1) chunks = 1;
    long long chunk = (perSet + chunks - 1) / chunks;
    chunk = (chunk + threads - 1) / threads * threads;
    int chunksPerSet = (int) ((perSet + chunk - 1) / chunk);
    return {chunk, chunksPerSet, (long long) sets * chunksPerSet};
}

double sgn(double v) { return v < 0 ? -1.0 : 1.0; }

// Direct formulas for one element: value, dR/dx, dR/dak, dR/dbj.
void reference(int form, const double* a, int m, const double* b, int n, double x, double* value, double* dx,
               double* da, double* db) {
    double p = 0, dp = 0;
    for (int k = 0; k <= m; ++k) {
        p += a[k] * std::pow(x, k);
        if (k > 0) dp += k * a[k] * std::pow(x, k - 1);
    }
    double s = 0, ds = 0;
    for (int j = 1; j <= n; ++j) {
        if (form == RS_SAFE_ABS_TERMS) {
            s += std::fabs(b[j - 1]) * std::pow(std::fabs(x), j);
            ds += j * std::fabs(b[j - 1]) * std::pow(std::fabs(x), j - 1) * sgn(x);
        } else {
            s += b[j - 1] * std::pow(x, j);
            ds += j * b[j - 1] * std::pow(x, j - 1);
        }
    }
    double q = 1 + s, dq = ds, signS = 1;
    if (form == RS_SAFE_ABS_POLYNOMIAL) {
        signS = sgn(s);
        q = 1 + std::fabs(s);
        dq = signS * ds;
    }
    *value = p / q;
    *dx = (dp * q - p * dq) / (q * q);
    for (int k = 0; k <= m; ++k) da[k] = std::pow(x, k) / q;
    for (int j = 1; j <= n; ++j) {
        double dqdb = form == RS_SAFE_ABS_TERMS ? sgn(b[j - 1]) * std::pow(std::fabs(x), j)
                    : form == RS_SAFE_ABS_POLYNOMIAL ? signS * std::pow(x, j) : std::pow(x, j);
        db[j - 1] = -p / (q * q) * dqdb;
    }
}

int failures = 0;

bool close(double got, double want, double scale, double tolerance) {
    return std::fabs(got - want) <= tolerance * (std::fabs(want) + scale) && std::isfinite(got);
}

template <typename T>
void runCase(int form, int m, int n, long long batch, long long channels, long long inner, int sets, unsigned seed) {
    const char* type = sizeof(T) == 8 ? "f64" : "f32";
    const double tolerance = sizeof(T) == 8 ? 1e-12 : 1e-4;
    std::mt19937_64 random(seed);
    std::uniform_real_distribution<double> uniform(-1.0, 1.0);
    const long long length = batch * channels * inner;
    const long long run = channels / sets * inner;
    const long long outer = length / (run * sets);
    const int stride = m + 1 + n;
    std::vector<T> coefficients((size_t) sets * stride);
    std::vector<double> exact((size_t) sets * stride);
    for (int s = 0; s < sets; ++s) {
        for (int k = 0; k <= m; ++k) exact[s * stride + k] = uniform(random);
        for (int j = 1; j <= n; ++j) exact[s * stride + m + j] = uniform(random) * 0.05 / std::pow(2.0, j);
    }
    for (size_t i = 0; i < exact.size(); ++i) {
        coefficients[i] = (T) exact[i];
        exact[i] = (double) coefficients[i];
    }
    std::vector<T> x(length), g(length), y(length), dx(length);
    for (long long i = 0; i < length; ++i) {
        x[i] = (T) (2 * uniform(random));
        g[i] = (T) uniform(random);
    }
    // signed zeros: sign(0) = +1 for -0.0 too (Q' at 0 and, for the abs-polynomial form, sign(S) with S = -0.0)
    x[0] = (T) -0.0;
    if (length > 1) x[length - 1] = (T) 0.0;
    if (length > 2) x[length / 2] = (T) -0.0;
    std::vector<double> grads((size_t) sets * stride, 0.0);

    Geometry geometry = bySetGeometry(outer, run, sets, 64, 5);
    rs_emu::launch(geometry.blocks, 64, [&] {
        if constexpr (sizeof(T) == 8) {
            rational_forward_f64(x.data(), y.data(), outer, run, sets, geometry.chunk, geometry.chunksPerSet,
                                 coefficients.data(), m, n, form);
        } else {
            rational_forward_f32(x.data(), y.data(), outer, run, sets, geometry.chunk, geometry.chunksPerSet,
                                 coefficients.data(), m, n, form);
        }
    });
    std::vector<T> yMixed(length);
    rs_emu::launch(3, 64, [&] {
        if constexpr (sizeof(T) == 8) {
            rational_forward_mixed_f64(x.data(), yMixed.data(), length, run, sets, coefficients.data(), m, n, form);
        } else {
            rational_forward_mixed_f32(x.data(), yMixed.data(), length, run, sets, coefficients.data(), m, n, form);
        }
    });
    rs_emu::launch(geometry.blocks, 64, [&] {
        if constexpr (sizeof(T) == 8) {
            rational_backward_f64(x.data(), g.data(), dx.data(), outer, run, sets, geometry.chunk,
                                  geometry.chunksPerSet, coefficients.data(), m, n, form, grads.data());
        } else {
            rational_backward_f32(x.data(), g.data(), dx.data(), outer, run, sets, geometry.chunk,
                                  geometry.chunksPerSet, coefficients.data(), m, n, form, grads.data());
        }
    });

    std::vector<double> want((size_t) sets * stride, 0.0), magnitude((size_t) sets * stride, 0.0);
    std::vector<double> da(m + 1), db(n + 1);
    int bad = 0;
    for (long long i = 0; i < length; ++i) {
        int set = (int) ((i / run) % sets);
        double value, derivative;
        const double* a = &exact[set * stride];
        reference(form, a, m, a + m + 1, n, (double) x[i], &value, &derivative, da.data(), db.data());
        if (!close(y[i], value, 1e-3, tolerance) || !close(yMixed[i], value, 1e-3, tolerance)
            || !close(dx[i], g[i] * derivative, 1e-3, tolerance)) {
            if (bad++ < 3) {
                std::printf("  element %lld: y %.17g want %.17g, dx %.17g want %.17g\n", i, (double) y[i], value,
                            (double) dx[i], g[i] * derivative);
            }
        }
        for (int k = 0; k <= m; ++k) {
            want[set * stride + k] += g[i] * da[k];
            magnitude[set * stride + k] += std::fabs(g[i] * da[k]);
        }
        for (int j = 0; j < n; ++j) {
            want[set * stride + m + 1 + j] += g[i] * db[j];
            magnitude[set * stride + m + 1 + j] += std::fabs(g[i] * db[j]);
        }
    }
    for (size_t c = 0; c < want.size(); ++c) {
        if (std::fabs(grads[c] - want[c]) > tolerance * (magnitude[c] + 1e-30)) {
            if (bad++ < 6) {
                std::printf("  coefficient %zu: %.17g want %.17g\n", c, grads[c], want[c]);
            }
        }
    }
    std::printf("%s form %d (%d,%d) [%lld,%lld,%lld] sets %d: %s (%lld blocks, chunk %lld)\n", type, form, m, n,
                batch, channels, inner, sets, bad == 0 ? "ok" : "MISMATCH", geometry.blocks, geometry.chunk);
    failures += bad != 0;
}

}  // namespace

int main() {
    struct Shape { long long batch, channels, inner; };
    const Shape shapes[] = {{3, 4, 5}, {2, 6, 1}, {1, 2, 300}, {5, 4, 33}};
    const int degrees[][2] = {{5, 4}, {3, 2}, {10, 10}, {1, 0}};
    unsigned seed = 1;
    for (int form = 0; form < 3; ++form) {
        for (const Shape& shape : shapes) {
            for (int sets : {1, (int) shape.channels, 2}) {
                const int* d = degrees[seed % 4];
                runCase<double>(form, d[0], d[1], shape.batch, shape.channels, shape.inner, sets, seed);
                runCase<float>(form, d[0], d[1], shape.batch, shape.channels, shape.inner, sets, seed);
                ++seed;
            }
        }
    }
    {
        const long long length = 1000;
        std::vector<float> x(length), g(length), y(length), dx(length);
        for (long long i = 0; i < length; ++i) {
            x[i] = (float) ((i * 37) % 101 - 50);
            g[i] = (float) (i % 7);
        }
        rs_emu::launch(2, 64, [&] { relu_forward_f32(x.data(), y.data(), length); });
        rs_emu::launch(2, 64, [&] { relu_backward_f32(x.data(), g.data(), dx.data(), length); });
        int bad = 0;
        for (long long i = 0; i < length; ++i) {
            bad += y[i] != (x[i] > 0 ? x[i] : 0.0f) || dx[i] != (x[i] > 0 ? g[i] : 0.0f);
        }
        std::printf("relu forward/backward: %s\n", bad == 0 ? "ok" : "MISMATCH");
        failures += bad != 0;
    }
    std::printf(failures == 0 ? "all cases ok\n" : "%d cases FAILED\n", failures);
    return failures == 0 ? 0 : 1;
}
