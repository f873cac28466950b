"""Benchmark: what the matrix form of attention costs, beside its own products and the blockwise form.

    python -m autograder.benchmarks.attention_cost [--sizes 256 512 ... 16384] [--d 64] [--block 512]

For each N: random Q, K, V (d_k = d_v = d, float64). It times the matrix
form O = V softmax_columns(Kᵀ Q) arranged for speed (``attention_from_qkv``
in ``matrix_form``, beside this file) and, on the same sizes, the two matrix
products alone (Kᵀ Q, then V A'): the floor any implementation of the matrix
form pays.
Then the peak memory (tracemalloc, allocations made during the call) of the
matrix form and of blockwise_attention, and the largest difference between
their outputs. Times are the best of a few runs (fewer at large N), the three timings taken in turn. Prints
a markdown table (the README's figures come from it); notebook 12_cost
measures the same at small sizes.

At N = 16384, A alone is 2 GiB in float64: a size whose matrix form would
not fit in the available memory is reported and skipped, never attempted.
"""

import argparse
import os
import resource
import time
import tracemalloc

import numpy as np

from course_lib.reference.blockwise import blockwise_attention
from course_lib.reference.cost import attention_flops
from course_lib.reference.softmax import softmax_columns

from .matrix_form import attention_from_qkv

SIZES = (256, 512, 1024, 2048, 4096, 8192, 16384)
GiB = 2 ** 30
MiB = 2 ** 20
# N × N float64 arrays alive at once in the matrix form: A, overwritten in place by exp(A - max) (and
# room for one more, to be safe when deciding whether a size fits).
FULL_FORM_SQUARES = 2


def repeats_for(N):
    """Runs per timing: the best of several at small N, of two when one run takes seconds.

    Never fewer than two: the first run in a process touches memory that the
    machine (a virtual machine here) may not have backed yet, which can cost
    more than the computation itself.
    """
    return 15 if N <= 1024 else 7 if N <= 2048 else 4 if N <= 4096 else 2


def best_time(run, repeats):
    """The best wall time of ``repeats`` calls, and the last call's result."""
    best, result = float("inf"), None
    for _ in range(repeats):
        result = None  # let the previous result go before the next one is made
        started = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - started)
    return best, result


def peak_bytes(run):
    """The peak of the memory allocated (and traced) while ``run()`` runs, and its result."""
    tracemalloc.start()
    try:
        result = run()
        return tracemalloc.get_traced_memory()[1], result
    finally:
        tracemalloc.stop()


def available_bytes():
    """MemAvailable from /proc/meminfo (Linux), else the free physical pages."""
    try:
        with open("/proc/meminfo") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")


def measure(N, d, block, rng):
    """One row of the table, as a dict (None for what was skipped)."""
    Q, K, V = (rng.standard_normal((d, N)) for _ in range(3))
    row = {"N": N, "flops": attention_flops(N, d, d)}
    repeats = repeats_for(N)
    needed = FULL_FORM_SQUARES * 8 * N * N
    if needed > 0.8 * available_bytes():
        row["skipped"] = f"matrix form needs about {needed / GiB:.1f} GiB, {available_bytes() / GiB:.1f} GiB available"
        O_full = None
    else:
        A_prime = softmax_columns(K.T @ Q)
        t_scores = t_weighted = row["full"] = float("inf")
        for _ in range(repeats):  # interleaved, so that a change of load on the machine hits all three alike
            t_scores = min(t_scores, best_time(lambda: K.T @ Q, 1)[0])  # (d, N)ᵀ (d, N) -> (N, N)
            t_weighted = min(t_weighted, best_time(lambda: V @ A_prime, 1)[0])  # (d, N) (N, N) -> (d, N)
            t_full, O_full = best_time(lambda: attention_from_qkv(Q, K, V), 1)
            row["full"] = min(row["full"], t_full)
        del A_prime
        row["products"] = t_scores + t_weighted
        row["peak_full"], _ = peak_bytes(lambda: attention_from_qkv(Q, K, V))
    row["blockwise"], O_block = best_time(lambda: blockwise_attention(Q, K, V, block), max(3, repeats // 2))
    row["peak_block"], _ = peak_bytes(lambda: blockwise_attention(Q, K, V, block))
    row["difference"] = None if O_full is None else float(np.abs(O_full - O_block).max())
    return row


def table_line(row):
    N = row["N"]
    if "skipped" in row:
        return (f"| {N} | skipped: {row['skipped']} | | | | | | {row['blockwise']:.3f} | "
                f"{row['peak_block'] / MiB:.1f} | | |")
    return (f"| {N} | {row['full']:.4f} | {row['products']:.4f} | {row['full'] / row['products']:.2f} | "
            f"{row['flops'] / row['products'] / 1e9:.1f} | {row['peak_full'] / MiB:.1f} | "
            f"{row['peak_full'] / (8 * N * N):.1f} | {row['blockwise']:.4f} | {row['peak_block'] / MiB:.2f} | "
            f"{row['peak_full'] / row['peak_block']:.0f} | {row['difference']:.1e} |")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES), help="sequence lengths N")
    parser.add_argument("--d", type=int, default=64, help="d_k = d_v")
    parser.add_argument("--block", type=int, default=512, help="block_size of blockwise_attention")
    parser.add_argument("--seed", type=int, default=0)
    arguments = parser.parse_args(argv)
    rng = np.random.default_rng(arguments.seed)
    print(f"d_k = d_v = {arguments.d}, float64, blockwise block_size = {arguments.block}, "
          f"{os.cpu_count()} cores, numpy {np.__version__}, {available_bytes() / GiB:.1f} GiB available, "
          f"load average {os.getloadavg()[0]:.1f} at the start\n")
    print("| N | matrix form (s) | Kᵀ Q + V A' alone (s) | ratio | products GFlop/s | peak matrix form (MiB) "
          "| peak / (8 N²) | blockwise (s) | peak blockwise (MiB) | memory ratio | max abs(O_full - O_blockwise) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    rows = []
    for N in arguments.sizes:
        rows.append(measure(N, arguments.d, arguments.block, rng))
        print(table_line(rows[-1]), flush=True)
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # ru_maxrss is in KiB on Linux
    print(f"\nprocess peak resident memory: {peak_rss / GiB:.2f} GiB; load average {os.getloadavg()[0]:.1f} at the end")
    print("Times are the best of repeated runs: "
          + ", ".join(f"N={row['N']}: {repeats_for(row['N'])}" for row in rows)
          + "; blockwise half as many (at least 3).")


if __name__ == "__main__":
    main()
