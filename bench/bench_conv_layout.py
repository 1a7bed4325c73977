"""Times the layout choices of kerastorch's convolutions: µs per call, forward and forward+backward.

kerastorch keeps a Conv2D kernel in Keras layout `(kh, kw, in, out)` (what
`get_weights()` / `layer.kernel` show) and hands `F.conv2d` a permuted view
`(out, in, kh, kw)`; a channels_last input goes in as a permuted view (a
tensor in torch's channels_last memory format, no copy) and the output
permutes back without a copy. The contenders, on the MNIST convnet's two
convolutions (28x28x1 -> 32 and 13x13x32 -> 64, 3x3, valid):

- `view (kerastorch)`: permuted views of the Keras-layout kernel and input.
- `cached kernel`: a kernel kept in torch layout `(out, in, kh, kw)`, as a
  cache would hold it: the floor for any per-call kernel conversion.
- `cached kernel, channels_last`: the same cache in channels_last format.
- `NCHW copy`: the input copied to a contiguous NCHW tensor, the output
  copied back to contiguous NHWC (what a layout-naive port does).
- `Keras-torch style`: the input copied to NCHW and then to channels_last,
  the kernel copied to channels_last (Keras 3's torch backend `conv`).
- `kerastorch Conv2D` / `keras 3 Conv2D`: the whole layer call.

A 1-D section compares `F.conv1d` on a permuted (N, C, L) view with the
height-1 channels_last `F.conv2d` kerastorch uses for channels_last 1-D.

Figures are the minimum and the median over the repeats.

Usage:
    python bench/bench_conv_layout.py [--batch-sizes 32 128] [--repeats 50]
        [--threads N] [--skip-keras]
"""

import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("KERAS_BACKEND", "torch")
os.environ.setdefault("KERASTORCH_DEVICE", "cpu")
os.environ.setdefault("KERAS_TORCH_DEVICE", "cpu")

import torch
import torch.nn.functional as F

CASES = [("28x28x1 -> 32", 28, 1, 32), ("13x13x32 -> 64", 13, 32, 64)]


def conv2d_variants(x, kernel, bias, skip_keras):
    """The contenders for one channels_last input and Keras-layout kernel."""
    import kerastorch

    cached = kernel.detach().permute(3, 2, 0, 1).contiguous().requires_grad_()
    cached_cl = kernel.detach().permute(3, 2, 0, 1).contiguous(
        memory_format=torch.channels_last).requires_grad_()
    layer = kerastorch.layers.Conv2D(kernel.shape[-1], 3)
    layer.build(tuple(x.shape))
    variants = {
        "view (kerastorch)": lambda: F.conv2d(
            x.permute(0, 3, 1, 2), kernel.permute(3, 2, 0, 1), bias).permute(0, 2, 3, 1),
        "cached kernel": lambda: F.conv2d(x.permute(0, 3, 1, 2), cached, bias).permute(0, 2, 3, 1),
        "cached kernel, channels_last": lambda: F.conv2d(
            x.permute(0, 3, 1, 2), cached_cl, bias).permute(0, 2, 3, 1),
        "NCHW copy": lambda: F.conv2d(
            x.permute(0, 3, 1, 2).contiguous(), kernel.permute(3, 2, 0, 1),
            bias).permute(0, 2, 3, 1).contiguous(),
        "Keras-torch style": lambda: F.conv2d(
            x.permute(0, 3, 1, 2).contiguous().contiguous(memory_format=torch.channels_last),
            kernel.permute(3, 2, 0, 1).contiguous(memory_format=torch.channels_last),
            bias).permute(0, 2, 3, 1),
        "kerastorch Conv2D": lambda: layer(x),
    }
    if not skip_keras:
        import keras

        keras_layer = keras.layers.Conv2D(kernel.shape[-1], 3)
        keras_layer.build(tuple(x.shape))
        variants["keras 3 Conv2D"] = lambda: keras_layer(x)
    return variants


def conv1d_variants(x, kernel, bias):
    return {
        "F.conv1d on (N, C, L) view": lambda: F.conv1d(
            x.permute(0, 2, 1), kernel.permute(2, 1, 0), bias).permute(0, 2, 1),
        "height-1 conv2d, channels_last (kerastorch)": lambda: F.conv2d(
            x.unsqueeze(1).permute(0, 3, 1, 2), kernel.unsqueeze(0).permute(3, 2, 0, 1),
            bias).permute(0, 2, 3, 1).squeeze(1),
    }


def time_variants(variants, repeats, sweeps=3):
    """Min and median µs per call of each variant, forward and forward+backward.

    Each variant runs in blocks of consecutive calls (after two warm-up
    calls), the blocks of all variants one after the other, `sweeps` times:
    calls interleaved one by one would time each variant in the state the
    previous one left (allocator, caches; a Keras call slows the next one
    down). On a shared machine the minimum is the steadier figure (other
    processes only ever add time); the median shows the typical call.
    """

    def forward(fn):
        with torch.no_grad():
            fn()

    def train(fn):
        fn().sum().backward()

    results = {}
    for mode, step in (("forward", forward), ("forward+backward", train)):
        times = {name: [] for name in variants}
        for _ in range(sweeps):
            for name, fn in variants.items():
                for _ in range(2):
                    step(fn)
                for _ in range(max(1, repeats // sweeps)):
                    start = time.perf_counter()
                    step(fn)
                    times[name].append(time.perf_counter() - start)
        results[mode] = {name: (min(t) * 1e6, statistics.median(t) * 1e6)
                         for name, t in times.items()}
    return results


def print_table(title, results):
    print(f"\n{title}  (µs per call: min / median)")
    print(f"  {'variant':<46}{'forward':>16}{'fwd+bwd':>18}")
    for name in results["forward"]:
        cells = ["{:>7.0f} / {:<7.0f}".format(*results[mode][name])
                 for mode in ("forward", "forward+backward")]
        print(f"  {name:<46}{cells[0]:>16}  {cells[1]:>16}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch-sizes", type=int, nargs="+", default=[32, 128])
    parser.add_argument("--repeats", type=int, default=50)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--skip-keras", action="store_true")
    args = parser.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    print(f"torch={torch.__version__} threads={torch.get_num_threads()} device=cpu "
          f"repeats={args.repeats}")
    generator = torch.Generator().manual_seed(0)
    for batch in args.batch_sizes:
        for label, size, cin, cout in CASES:
            x = torch.randn(batch, size, size, cin, generator=generator)
            kernel = torch.randn(3, 3, cin, cout, generator=generator).requires_grad_()
            bias = torch.zeros(cout, requires_grad=True)
            results = time_variants(conv2d_variants(x, kernel, bias, args.skip_keras),
                                    args.repeats)
            print_table(f"Conv2D {label}, batch {batch}", results)
    x = torch.randn(32, 100, 64, generator=generator)
    kernel = torch.randn(3, 64, 64, generator=generator).requires_grad_()
    bias = torch.zeros(64, requires_grad=True)
    print_table("Conv1D 100x64 -> 64, kernel 3, batch 32",
                time_variants(conv1d_variants(x, kernel, bias), args.repeats))


if __name__ == "__main__":
    sys.exit(main())
