// Rational activation R(x) = P(x) / Q(x) on NVIDIA GPUs: forward, backward with coefficient gradients, and a
// ReLU pair used as the speed baseline. Built to PTX (sm_75) by scripts/build-ptx.sh with clang and no CUDA SDK;
// loaded at run time through the driver API (io.rationalspark.layers.cuda.RationalCuda).
//
// Math (P(x) = a0 + a1 x + ... + am x^m; upstream gradient g):
//   plain                Q = 1 + S,          S = sum_j bj x^j,   Q' = S'
//   safe-abs-polynomial  Q = 1 + |S|,                            Q' = sign(S) S'
//   safe-abs-terms       Q = 1 + sum_j |bj| |x|^j,               Q' = sign(x) sum_j j |bj| |x|^(j-1)
//   u = g / Q, y = P / Q:  dL/dx = u (P' - y Q');  dL/dak = sum u x^k;
//   dL/dbj = -sum u y dQ/dbj with dQ/dbj = x^j | sign(S) x^j | sign(bj) |x|^j.   sign(0) = +1 throughout.
//
// Memory layout (all kernels): a dense array of `outer` repetitions of `sets` runs of `run` consecutive elements;
// run r belongs to coefficient set r % sets, i.e. element i has set (i / run) % sets. For a C-order
// [batch, C, inner...] tensor with C / sets consecutive channels per set, run = (C / sets) * inner, which covers
// layer (sets = 1), per-channel (sets = C) and group sharing. Coefficients: per set m + 1 numerator values a0..am
// then n denominator values b1..bn (stride m + 1 + n). Coefficient gradients: the same packing, in double.
//
// Decomposition by set (rational_forward_*, rational_backward_*): block b works on set b / chunksPerSet and on the
// set-local indices [c * chunk, (c + 1) * chunk) with c = b % chunksPerSet (set-local index e lies at memory
// (e / run * sets + set) * run + e % run). So each block's set is uniform: its coefficients sit in registers, and in
// the backward every thread sums its coefficient gradients in registers, the block reduces them (warp shuffles, then
// shared memory) and adds them with one double atomicAdd per coefficient into the per-set accumulator. No host round
// trip. Each thread loads RS_UNROLL_ELEMENTS elements before computing, to keep enough loads in flight. Memory
// accesses are coalesced when runs are at least a warp long; for shorter runs (e.g. per-channel sets of a C-order
// [batch, C] matrix) the host uses rational_forward_mixed_*, a plain grid-stride loop that looks up each element's
// set (the backward has no such variant: it stays correct there, with poorly coalesced accesses).

#if defined(__CUDA_ARCH__)
// ---- device build (clang -x cuda --cuda-device-only, no CUDA headers) ----
#define RS_KERNEL extern "C" __attribute__((global))
#define RS_DEVICE static __attribute__((device)) __attribute__((always_inline)) inline
#define RS_SHARED __attribute__((shared))
#define RS_RESTRICT __restrict__
#define RS_THREAD_X() ((int) __nvvm_read_ptx_sreg_tid_x())
#define RS_BLOCK_X() ((long long) __nvvm_read_ptx_sreg_ctaid_x())
#define RS_BLOCK_DIM() ((int) __nvvm_read_ptx_sreg_ntid_x())
#define RS_GRID_DIM() ((long long) __nvvm_read_ptx_sreg_nctaid_x())
#define RS_SYNC() __syncthreads()
#define RS_ATOMIC_ADD(address, value) __nvvm_atom_add_gen_d((address), (value))
#define RS_UNROLL _Pragma("unroll")

RS_DEVICE double rs_shfl_down(double value, int offset) {
    long long bits = __builtin_bit_cast(long long, value);
    int lo = __nvvm_shfl_sync_down_i32(0xffffffffu, (int) bits, offset, 0x1f);
    int hi = __nvvm_shfl_sync_down_i32(0xffffffffu, (int) (bits >> 32), offset, 0x1f);
    long long joined = ((long long) hi << 32) | (unsigned int) lo;
    return __builtin_bit_cast(double, joined);
}
#else
// ---- host emulation (scripts/test-cuda-emulation.sh): threads of a block run as std::threads ----
#include "rational_emulation.h"
#endif

#define RS_MAX_DEGREE 10
#define RS_MAX_COEFFICIENTS (2 * RS_MAX_DEGREE + 1)
#define RS_MAX_WARPS 32
#define RS_WARP 32
#define RS_UNROLL_ELEMENTS 4

// Denominator forms; the Java side passes DenominatorForm.ordinal().
#define RS_PLAIN 0
#define RS_SAFE_ABS_POLYNOMIAL 1
#define RS_SAFE_ABS_TERMS 2

template <typename T> RS_DEVICE T rs_abs(T v) { return v < T(0) ? -v : v; }
template <typename T> RS_DEVICE T rs_sign(T v) { return v < T(0) ? T(-1) : T(1); }

// The set of element i.
RS_DEVICE int rs_set_of(long long i, long long run, int sets) {
    return sets == 1 ? 0 : (int) ((i / run) % sets);
}

// Forward for short runs: y = P(x) / Q(x), grid-stride over memory; coefficients read through the cache per element.
template <typename T>
RS_DEVICE void rational_forward_mixed(const T* RS_RESTRICT x, T* RS_RESTRICT y, long long length, long long run,
                                      int sets, const T* RS_RESTRICT coefficients, int m, int n, int form) {
    const int stride = m + 1 + n;
    for (long long i = RS_BLOCK_X() * RS_BLOCK_DIM() + RS_THREAD_X(); i < length;
         i += RS_GRID_DIM() * RS_BLOCK_DIM()) {
        const T* a = coefficients + (long long) rs_set_of(i, run, sets) * stride;
        const T* b = a + m + 1;
        const T xv = x[i];
        T p = a[m];
        for (int k = m - 1; k >= 0; --k) {
            p = p * xv + a[k];
        }
        T s = T(0);
        if (form == RS_SAFE_ABS_TERMS) {
            const T z = rs_abs(xv);
            for (int j = n; j >= 1; --j) {
                s = (s + rs_abs(b[j - 1])) * z;
            }
        } else {
            for (int j = n; j >= 1; --j) {
                s = (s + b[j - 1]) * xv;
            }
            if (form == RS_SAFE_ABS_POLYNOMIAL) {
                s = rs_abs(s);
            }
        }
        y[i] = p / (T(1) + s);
    }
}

// The first element of this block's chunk and the end of it, in set-local indices; and the block's set.
struct RsChunk {
    int set;
    long long begin;
    long long end;
};

RS_DEVICE RsChunk rs_chunk(long long outer, long long run, long long chunk, int chunksPerSet) {
    RsChunk c;
    c.set = (int) (RS_BLOCK_X() / chunksPerSet);
    c.begin = (RS_BLOCK_X() % chunksPerSet) * chunk;
    const long long perSet = outer * run;
    c.end = c.begin + chunk < perSet ? c.begin + chunk : perSet;
    return c;
}

// Memory index of set-local index e of `set`.
RS_DEVICE long long rs_element(long long e, long long run, int sets, int set) {
    if (sets == 1) {
        return e;
    }
    const long long o = e / run;
    return (o * sets + set) * run + (e - o * run);
}

// Loads one set's coefficients into registers: a0..am (zero above m) and b1..bn (|bj| for safe-abs-terms).
template <typename T>
RS_DEVICE void rs_load_coefficients(const T* RS_RESTRICT coefficientsOfSet, int m, int n, int form, T* a, T* b) {
    RS_UNROLL
    for (int k = 0; k <= RS_MAX_DEGREE; ++k) {
        a[k] = k <= m ? coefficientsOfSet[k] : T(0);
    }
    RS_UNROLL
    for (int j = 0; j < RS_MAX_DEGREE; ++j) {
        b[j] = j < n ? coefficientsOfSet[m + 1 + j] : T(0);
        if (form == RS_SAFE_ABS_TERMS) {
            b[j] = rs_abs(b[j]);
        }
    }
}

// Forward, decomposed by set: y = P(x) / Q(x) with the block's coefficients in registers.
template <typename T>
RS_DEVICE void rational_forward(const T* RS_RESTRICT x, T* RS_RESTRICT y, long long outer, long long run, int sets,
                                long long chunk, int chunksPerSet, const T* RS_RESTRICT coefficients, int m, int n,
                                int form) {
    const RsChunk c = rs_chunk(outer, run, chunk, chunksPerSet);
    T a[RS_MAX_DEGREE + 1];
    T b[RS_MAX_DEGREE];
    rs_load_coefficients(coefficients + (long long) c.set * (m + 1 + n), m, n, form, a, b);
    const long long step = (long long) RS_BLOCK_DIM() * RS_UNROLL_ELEMENTS;
    for (long long first = c.begin + RS_THREAD_X(); first < c.end; first += step) {
        long long index[RS_UNROLL_ELEMENTS];
        T xs[RS_UNROLL_ELEMENTS];
        RS_UNROLL
        for (int u = 0; u < RS_UNROLL_ELEMENTS; ++u) {
            const long long e = first + (long long) u * RS_BLOCK_DIM();
            index[u] = e < c.end ? rs_element(e, run, sets, c.set) : -1;
            xs[u] = index[u] >= 0 ? x[index[u]] : T(0);
        }
        RS_UNROLL
        for (int u = 0; u < RS_UNROLL_ELEMENTS; ++u) {
            if (index[u] >= 0) {
                const T xv = xs[u];
                T p = T(0);
                RS_UNROLL
                for (int k = RS_MAX_DEGREE; k >= 0; --k) {
                    if (k <= m) {
                        p = p * xv + a[k];
                    }
                }
                const T base = form == RS_SAFE_ABS_TERMS ? rs_abs(xv) : xv;
                T s = T(0);
                RS_UNROLL
                for (int j = RS_MAX_DEGREE; j >= 1; --j) {
                    if (j <= n) {
                        s = (s + b[j - 1]) * base;
                    }
                }
                if (form == RS_SAFE_ABS_POLYNOMIAL) {
                    s = rs_abs(s);
                }
                y[index[u]] = p / (T(1) + s);
            }
        }
    }
}

// Sums `value` over the block; the result is valid in thread 0. `scratch` holds one value per warp.
RS_DEVICE double rs_block_sum(double value, double* scratch) {
    RS_UNROLL
    for (int offset = RS_WARP / 2; offset > 0; offset /= 2) {
        value += rs_shfl_down(value, offset);
    }
    const int lane = RS_THREAD_X() % RS_WARP;
    const int warp = RS_THREAD_X() / RS_WARP;
    if (lane == 0) {
        scratch[warp] = value;
    }
    RS_SYNC();
    double total = 0;
    if (RS_THREAD_X() == 0) {
        const int warps = RS_BLOCK_DIM() / RS_WARP;
        for (int w = 0; w < warps; ++w) {
            total += scratch[w];
        }
    }
    RS_SYNC();
    return total;
}

// Backward: gradIn = dL/dx, and dL/da, dL/db of each set added into coefficientGradients (double, zeroed by the
// caller). Accumulator type A: float for the float kernel (per-thread partial sums), double for the double kernel;
// block and global sums are double. Needs blockDim a multiple of 32, at most 1024.
template <typename T, typename A>
RS_DEVICE void rational_backward(const T* RS_RESTRICT x, const T* RS_RESTRICT gradOut, T* RS_RESTRICT gradIn,
                                 long long outer, long long run, int sets, long long chunk, int chunksPerSet,
                                 const T* RS_RESTRICT coefficients, int m, int n, int form,
                                 double* RS_RESTRICT coefficientGradients) {
    RS_SHARED double scratch[RS_MAX_WARPS];
    const RsChunk c = rs_chunk(outer, run, chunk, chunksPerSet);
    const int set = c.set;
    const int stride = m + 1 + n;
    const T* coefficientsOfSet = coefficients + (long long) set * stride;

    // The set's coefficients in registers (unrolled to the maximum degree, guarded by the actual one).
    T a[RS_MAX_DEGREE + 1];
    T b[RS_MAX_DEGREE];
    rs_load_coefficients(coefficientsOfSet, m, n, form, a, b);
    A gradA[RS_MAX_DEGREE + 1];
    A gradB[RS_MAX_DEGREE];
    RS_UNROLL
    for (int k = 0; k <= RS_MAX_DEGREE; ++k) {
        gradA[k] = A(0);
    }
    RS_UNROLL
    for (int j = 0; j < RS_MAX_DEGREE; ++j) {
        gradB[j] = A(0);
    }

    const long long step = (long long) RS_BLOCK_DIM() * RS_UNROLL_ELEMENTS;
    for (long long first = c.begin + RS_THREAD_X(); first < c.end; first += step) {
        long long index[RS_UNROLL_ELEMENTS];
        T xs[RS_UNROLL_ELEMENTS];
        T gs[RS_UNROLL_ELEMENTS];
        RS_UNROLL
        for (int u = 0; u < RS_UNROLL_ELEMENTS; ++u) {
            const long long e = first + (long long) u * RS_BLOCK_DIM();
            index[u] = e < c.end ? rs_element(e, run, sets, set) : -1;
            xs[u] = index[u] >= 0 ? x[index[u]] : T(0);
            gs[u] = index[u] >= 0 ? gradOut[index[u]] : T(0);
        }
        RS_UNROLL
        for (int u = 0; u < RS_UNROLL_ELEMENTS; ++u) {
            if (index[u] < 0) {
                continue;
            }
            const T xv = xs[u];
            const T g = gs[u];
            // P and P' by Horner
            T p = T(0);
            T dp = T(0);
            RS_UNROLL
            for (int k = RS_MAX_DEGREE; k >= 0; --k) {
                if (k <= m) {
                    dp = dp * xv + p;
                    p = p * xv + a[k];
                }
            }
            // Q - 1 and Q' (before the sign of S or x)
            const T base = form == RS_SAFE_ABS_TERMS ? rs_abs(xv) : xv;
            T s = T(0);
            T ds = T(0);
            RS_UNROLL
            for (int j = RS_MAX_DEGREE; j >= 1; --j) {
                if (j <= n) {
                    ds = ds * base + T(j) * b[j - 1];
                    s = (s + b[j - 1]) * base;
                }
            }
            T sign = T(1);
            if (form == RS_SAFE_ABS_POLYNOMIAL) {
                sign = rs_sign(s);
            } else if (form == RS_SAFE_ABS_TERMS) {
                ds *= rs_sign(xv);
            }
            const T q = T(1) + sign * s;
            const T uq = g / q;
            const T yv = p / q;
            gradIn[index[u]] = uq * (dp - yv * sign * ds);

            T power = uq;
            RS_UNROLL
            for (int k = 0; k <= RS_MAX_DEGREE; ++k) {
                if (k <= m) {
                    gradA[k] += A(power);
                    power *= xv;
                }
            }
            T w = -uq * yv * sign;
            RS_UNROLL
            for (int j = 0; j < RS_MAX_DEGREE; ++j) {
                if (j < n) {
                    w *= base;
                    gradB[j] += A(w);
                }
            }
        }
    }

    double* out = coefficientGradients + (long long) set * stride;
    RS_UNROLL
    for (int k = 0; k <= RS_MAX_DEGREE; ++k) {
        if (k <= m) {
            const double total = rs_block_sum((double) gradA[k], scratch);
            if (RS_THREAD_X() == 0 && total != 0.0) {
                RS_ATOMIC_ADD(out + k, total);
            }
        }
    }
    RS_UNROLL
    for (int j = 0; j < RS_MAX_DEGREE; ++j) {
        if (j < n) {
            double total = rs_block_sum((double) gradB[j], scratch);
            if (form == RS_SAFE_ABS_TERMS) {
                total *= rs_sign((double) coefficientsOfSet[m + 1 + j]);
            }
            if (RS_THREAD_X() == 0 && total != 0.0) {
                RS_ATOMIC_ADD(out + m + 1 + j, total);
            }
        }
    }
}

RS_KERNEL void rational_forward_f32(const float* x, float* y, long long outer, long long run, int sets,
                                    long long chunk, int chunksPerSet, const float* coefficients, int m, int n,
                                    int form) {
    rational_forward<float>(x, y, outer, run, sets, chunk, chunksPerSet, coefficients, m, n, form);
}

RS_KERNEL void rational_forward_f64(const double* x, double* y, long long outer, long long run, int sets,
                                    long long chunk, int chunksPerSet, const double* coefficients, int m, int n,
                                    int form) {
    rational_forward<double>(x, y, outer, run, sets, chunk, chunksPerSet, coefficients, m, n, form);
}

RS_KERNEL void rational_forward_mixed_f32(const float* x, float* y, long long length, long long run, int sets,
                                          const float* coefficients, int m, int n, int form) {
    rational_forward_mixed<float>(x, y, length, run, sets, coefficients, m, n, form);
}

RS_KERNEL void rational_forward_mixed_f64(const double* x, double* y, long long length, long long run, int sets,
                                          const double* coefficients, int m, int n, int form) {
    rational_forward_mixed<double>(x, y, length, run, sets, coefficients, m, n, form);
}

RS_KERNEL void rational_backward_f32(const float* x, const float* gradOut, float* gradIn, long long outer,
                                     long long run, int sets, long long chunk, int chunksPerSet,
                                     const float* coefficients, int m, int n, int form,
                                     double* coefficientGradients) {
    rational_backward<float, float>(x, gradOut, gradIn, outer, run, sets, chunk, chunksPerSet, coefficients, m, n,
                                    form, coefficientGradients);
}

RS_KERNEL void rational_backward_f64(const double* x, const double* gradOut, double* gradIn, long long outer,
                                     long long run, int sets, long long chunk, int chunksPerSet,
                                     const double* coefficients, int m, int n, int form,
                                     double* coefficientGradients) {
    rational_backward<double, double>(x, gradOut, gradIn, outer, run, sets, chunk, chunksPerSet, coefficients, m,
                                      n, form, coefficientGradients);
}

// ReLU, the speed baseline: y = max(x, 0); dL/dx = g where x > 0, else 0. Grid-stride loops that load
// RS_UNROLL_ELEMENTS elements per thread before computing, like the rational kernels.
RS_KERNEL void relu_forward_f32(const float* RS_RESTRICT x, float* RS_RESTRICT y, long long length) {
    const long long threads = RS_GRID_DIM() * RS_BLOCK_DIM();
    for (long long first = RS_BLOCK_X() * RS_BLOCK_DIM() + RS_THREAD_X(); first < length;
         first += threads * RS_UNROLL_ELEMENTS) {
        float v[RS_UNROLL_ELEMENTS];
        RS_UNROLL
        for (int u = 0; u < RS_UNROLL_ELEMENTS; ++u) {
            const long long i = first + u * threads;
            v[u] = i < length ? x[i] : 0.0f;
        }
        RS_UNROLL
        for (int u = 0; u < RS_UNROLL_ELEMENTS; ++u) {
            const long long i = first + u * threads;
            if (i < length) {
                y[i] = v[u] > 0.0f ? v[u] : 0.0f;
            }
        }
    }
}

RS_KERNEL void relu_backward_f32(const float* RS_RESTRICT x, const float* RS_RESTRICT gradOut,
                                 float* RS_RESTRICT gradIn, long long length) {
    const long long threads = RS_GRID_DIM() * RS_BLOCK_DIM();
    for (long long first = RS_BLOCK_X() * RS_BLOCK_DIM() + RS_THREAD_X(); first < length;
         first += threads * RS_UNROLL_ELEMENTS) {
        float v[RS_UNROLL_ELEMENTS];
        float g[RS_UNROLL_ELEMENTS];
        RS_UNROLL
        for (int u = 0; u < RS_UNROLL_ELEMENTS; ++u) {
            const long long i = first + u * threads;
            v[u] = i < length ? x[i] : 0.0f;
            g[u] = i < length ? gradOut[i] : 0.0f;
        }
        RS_UNROLL
        for (int u = 0; u < RS_UNROLL_ELEMENTS; ++u) {
            const long long i = first + u * threads;
            if (i < length) {
                gradIn[i] = v[u] > 0.0f ? g[u] : 0.0f;
            }
        }
    }
}
