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


@pytest.fixture(autouse=True)
def fresh_sessions():
    """Each test starts both libraries afresh: name counters at zero, seeded draws.

    Default names (`dense_1`) appear in configs and saved files, and Keras's
    initial weights (copied into kerastorch) decide what a short training run
    does; neither may depend on which tests ran before.
    """
    import kerastorch

    keras.backend.clear_session(free_memory=False)
    kerastorch.backend.clear_session(free_memory=False)
    keras.utils.set_random_seed(1337)
    kerastorch.utils.set_random_seed(1337)
