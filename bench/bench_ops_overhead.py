"""Per-call overhead of `kerastorch.ops` over the bare torch call, on small tensors.

    python bench/bench_ops_overhead.py [--repeats 7] [--number 20000]

For each op it times `number` calls (best of `repeats`) of the kerastorch op and
of the torch function it runs, on 4x4 float32 CPU tensors, and prints both and
their difference in microseconds (the issue's target: under 2 µs).
"""

import argparse
import timeit

import torch
import torch.nn.functional as F

from kerastorch import ops

A, B = torch.rand(4, 4), torch.rand(4, 4)
CASES = {
    "add": (lambda: ops.add(A, B), lambda: torch.add(A, B)),
    "multiply": (lambda: ops.multiply(A, B), lambda: torch.multiply(A, B)),
    "matmul": (lambda: ops.matmul(A, B), lambda: torch.matmul(A, B)),
    "softmax": (lambda: ops.softmax(A), lambda: F.softmax(A, dim=-1)),
    "relu": (lambda: ops.relu(A), lambda: F.relu(A)),
    "sum": (lambda: ops.sum(A, axis=1), lambda: torch.sum(A, dim=1)),
}


def best_microseconds(fn, number, repeats):
    return min(timeit.repeat(fn, number=number, repeat=repeats)) / number * 1e6


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--number", type=int, default=20000)
    args = parser.parse_args()
    torch.set_num_threads(1)
    print(f"{'op':<10}{'torch µs':>10}{'ops µs':>10}{'overhead µs':>13}")
    for name, (kerastorch_call, torch_call) in CASES.items():
        torch_time = best_microseconds(torch_call, args.number, args.repeats)
        ops_time = best_microseconds(kerastorch_call, args.number, args.repeats)
        print(f"{name:<10}{torch_time:>10.2f}{ops_time:>10.2f}{ops_time - torch_time:>13.2f}")


if __name__ == "__main__":
    main()
