"""Times one optimizer step on a 10M-parameter model: kerastorch Adam vs torch.optim.Adam.

The model is five Dense layers' weights (kernels 1024x2048, 2048x2048,
2048x1024, 1024x1024, 1024x512 and their biases: 9.97M parameters, 10
tensors) with fixed random gradients. Each contender updates its own copy of
the parameters, in the same process, alternating:

- `kerastorch Adam`: `optimizer.apply(grads, params)` (Keras's maths:
  epsilon added after the bias correction; `torch._foreach_*` kernels);
- `torch.optim.Adam(foreach=True)`: `optimizer.step()` with `.grad` set,
  `eps=1e-7` as in Keras;
- on CUDA also `torch.optim.Adam(fused=True)`;
- with `--extra AdamW Lion ...`, other kerastorch optimizers.

The figure is the median, over `--repeats` rounds of `--steps` steps, of the
time per step (synchronised on CUDA), and its ratio to the foreach Adam.

Usage:
    python bench/bench_optimizer_step.py [--device cuda|cpu] [--steps 50]
        [--repeats 7] [--threads N] [--extra AdamW Lion Nadam]
"""

import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("KERAS_BACKEND", "torch")

import torch  # noqa: E402

SHAPES = [
    (1024, 2048), (2048,), (2048, 2048), (2048,), (2048, 1024), (1024,),
    (1024, 1024), (1024,), (1024, 512), (512,),
]  # fmt: skip


def make_parameters(device, seed=0):
    generator = torch.Generator().manual_seed(seed)
    values = [torch.randn(shape, generator=generator) * 0.02 for shape in SHAPES]
    grads = [torch.randn(shape, generator=generator) * 1e-3 for shape in SHAPES]
    return [v.to(device) for v in values], [g.to(device) for g in grads]


def contenders(device, values, grads, extra):
    """Returns {name: step function}, each on its own copy of the parameters."""
    import kerastorch

    def parameters():
        return [torch.nn.Parameter(v.clone()) for v in values]

    steps = {}

    def kerastorch_step(class_name, **kwargs):
        params = parameters()
        optimizer = getattr(kerastorch.optimizers, class_name)(**kwargs)
        optimizer.build(params)
        return lambda: optimizer.apply(grads, params)

    def torch_step(**kwargs):
        params = parameters()
        for p, g in zip(params, grads):
            p.grad = g
        optimizer = torch.optim.Adam(params, lr=1e-3, eps=1e-7, **kwargs)
        return optimizer.step

    steps["kerastorch Adam"] = kerastorch_step("Adam", learning_rate=1e-3)
    steps["torch.optim.Adam(foreach=True)"] = torch_step(foreach=True)
    if device.type == "cuda":
        steps["torch.optim.Adam(fused=True)"] = torch_step(fused=True)
    for class_name in extra:
        steps[f"kerastorch {class_name}"] = kerastorch_step(class_name)
    return steps


def time_steps(step, steps, synchronize):
    synchronize()
    start = time.perf_counter()
    for _ in range(steps):
        step()
    synchronize()
    return (time.perf_counter() - start) / steps


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--steps", type=int, default=50)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--extra", nargs="*", default=[])
    args = parser.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    os.environ["KERASTORCH_DEVICE"] = args.device
    device = torch.device(args.device)
    synchronize = torch.cuda.synchronize if device.type == "cuda" else (lambda: None)

    values, grads = make_parameters(device)
    count = sum(v.numel() for v in values)
    steps = contenders(device, values, grads, args.extra)
    with torch.no_grad():
        for step in steps.values():  # warm-up: kernels, allocator, lazy state
            time_steps(step, 3, synchronize)
        times = {name: [] for name in steps}
        for _ in range(args.repeats):
            for name, step in steps.items():
                times[name].append(time_steps(step, args.steps, synchronize))

    name = torch.cuda.get_device_name(device) if device.type == "cuda" else "CPU"
    print(f"{count / 1e6:.2f}M parameters in {len(SHAPES)} tensors, on {name} "
          f"({torch.get_num_threads()} threads), torch {torch.__version__}")
    reference = statistics.median(times["torch.optim.Adam(foreach=True)"])
    print(f"{'contender':34s} {'median µs/step':>15s} {'min µs/step':>12s} {'vs foreach':>11s}")
    for contender, measured in times.items():
        median = statistics.median(measured)
        print(f"{contender:34s} {median * 1e6:15.0f} {min(measured) * 1e6:12.0f} "
              f"{median / reference:10.2f}x")


if __name__ == "__main__":
    sys.exit(main())
