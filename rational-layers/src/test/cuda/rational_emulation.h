// Host emulation of the few CUDA primitives rational.cu uses, so its kernels can be checked on a CPU machine
// (scripts/test-cuda-emulation.sh). Each block runs on its own; its threads are std::threads meeting at a
// std::barrier, so __syncthreads, block-shared arrays (plain statics: blocks never overlap) and warp shuffles
// (an exchange array between two barriers) behave as on the device. Slow; for small inputs only.
#pragma once

#include <atomic>
#include <barrier>
#include <functional>
#include <thread>
#include <vector>

namespace rs_emu {
inline thread_local int thread_index;
inline long long block_index;
inline int block_dim;
inline long long grid_dim;
inline std::barrier<>* block_barrier;
inline double exchange[1024];

// Runs kernel() for every thread of every block of a grid of `grid` blocks of `block` threads.
inline void launch(long long grid, int block, const std::function<void()>& kernel) {
    grid_dim = grid;
    block_dim = block;
    for (long long b = 0; b < grid; ++b) {
        block_index = b;
        std::barrier<> barrier(block);
        block_barrier = &barrier;
        std::vector<std::thread> threads;
        for (int t = 0; t < block; ++t) {
            threads.emplace_back([t, &kernel] {
                thread_index = t;
                kernel();
            });
        }
        for (auto& thread : threads) {
            thread.join();
        }
    }
}
}  // namespace rs_emu

#define RS_KERNEL extern "C"
#define RS_DEVICE static inline
#define RS_SHARED static
#define RS_RESTRICT __restrict__
#define RS_THREAD_X() (rs_emu::thread_index)
#define RS_BLOCK_X() (rs_emu::block_index)
#define RS_BLOCK_DIM() (rs_emu::block_dim)
#define RS_GRID_DIM() (rs_emu::grid_dim)
#define RS_SYNC() rs_emu::block_barrier->arrive_and_wait()
#define RS_ATOMIC_ADD(address, value) std::atomic_ref<double>(*(address)).fetch_add(value)
#define RS_UNROLL

// __shfl_down_sync over a full warp: lanes past the warp's end keep their own value.
static inline double rs_shfl_down(double value, int offset) {
    const int t = rs_emu::thread_index;
    rs_emu::exchange[t] = value;
    RS_SYNC();
    const int lane = t % 32;
    const double result = lane + offset < 32 ? rs_emu::exchange[t + offset] : value;
    RS_SYNC();
    return result;
}
