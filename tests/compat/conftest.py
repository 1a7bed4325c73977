"""Side-by-side tests with real Keras (the `keras` package on its torch backend).

`KERAS_BACKEND=torch` must be set before `keras` is first imported. Keras is
forced onto the CPU, as kerastorch is in these tests, so both compute the same
float32 maths.
"""

import os

os.environ["KERAS_BACKEND"] = "torch"
os.environ.setdefault("KERASTORCH_DEVICE", "cpu")
os.environ.setdefault("KERAS_TORCH_DEVICE", "cpu")

import pytest  # noqa: E402

keras = pytest.importorskip("keras")
