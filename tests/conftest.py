"""Test-wide setup: kerastorch and the reference Keras both run on the CPU."""

import os

os.environ["KERAS_BACKEND"] = "torch"
os.environ.setdefault("KERASTORCH_DEVICE", "cpu")
os.environ.setdefault("KERAS_TORCH_DEVICE", "cpu")
