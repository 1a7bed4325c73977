"""A process killed in the middle of `model.save` leaves the previous file loadable."""

import os
import signal
import subprocess
import sys
import textwrap
import time

import numpy as np

import kerastorch

CHILD = textwrap.dedent("""
    import sys
    import kerastorch

    # Big enough (about 64 MB of weights) that a save takes a while.
    model = kerastorch.Sequential([
        kerastorch.Input(shape=(4,)),
        kerastorch.layers.Dense(4000),
        kerastorch.layers.Dense(4000),
        kerastorch.layers.Dense(3),
    ])
    print("saving", flush=True)
    while True:
        model.save(sys.argv[1])
""")


def small_model():
    return kerastorch.Sequential([kerastorch.Input(shape=(4,)), kerastorch.layers.Dense(3)])


def test_killed_save_leaves_the_old_file_intact(tmp_path):
    path = tmp_path / "model.keras"
    old = small_model()
    old.save(path)
    x = np.ones((2, 4), "float32")
    expected = old.predict(x, verbose=0)
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(path)],
                             stdout=subprocess.PIPE, cwd=os.getcwd())
    try:
        assert child.stdout.readline().strip() == b"saving"
        deadline = time.monotonic() + 120
        while not any(p.name.endswith(".tmp") for p in tmp_path.iterdir()):
            assert time.monotonic() < deadline, "the child never started writing"
            time.sleep(0.001)
        time.sleep(0.05)  # well inside the write of the temporary file
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    loaded = kerastorch.saving.load_model(path)
    if len(loaded.layers) == len(old.layers):
        np.testing.assert_array_equal(loaded.predict(x, verbose=0), expected)
    else:  # A complete save of the big model landed first: also a valid file.
        assert loaded.count_params() > 30_000_000
