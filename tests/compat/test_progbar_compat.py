"""Progbar output, byte for byte, against keras.utils.Progbar for the same updates."""

import io
import sys
import time

import numpy as np
import pytest

from kerastorch.utils.progbar import Progbar

keras = pytest.importorskip("keras")


def run_script(progbar_cls, monkeypatch, script, dynamic=True, **kwargs):
    """Runs `script` on a new bar under a fake clock; returns what it wrote to stdout.

    `script` is a list of `(time, method, args)`: the clock is set to `time`,
    then `bar.<method>(*args)` is called.
    """
    clock = [1000.0]
    monkeypatch.setattr(time, "time", lambda: clock[0])
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    bar = progbar_cls(**kwargs)
    bar._dynamic_display = dynamic
    for t, method, args in script:
        clock[0] = 1000.0 + t
        getattr(bar, method)(*args)
    monkeypatch.undo()
    return out.getvalue().encode("utf-8")


def steps(n, dt, values=lambda i: [("loss", 1.0 / i), ("acc", i / 100)], finalize_last=False):
    """Updates 1..n, one every `dt` seconds."""
    script = [(i * dt, "update", (i, values(i))) for i in range(1, n + 1)]
    if finalize_last:
        t, _, (i, vals) = script[-1]
        script[-1] = (t, "update", (i, vals, True))
    return script


CASES = {
    "fast_steps_skip_redraws": (dict(target=10), steps(10, 0.02)),
    "slow_steps_ms": (dict(target=10), steps(10, 0.3)),
    "seconds_per_step_eta_minutes": (dict(target=100), steps(5, 20.0)),
    "eta_hours": (dict(target=10000), steps(3, 4.0)),
    "microseconds": (dict(target=100000, interval=0.0), steps(3, 1e-5)),
    "target_not_power_of_ten": (dict(target=7, width=30), steps(7, 0.1)),
    "unknown_target": (
        dict(target=None),
        steps(4, 0.1) + [(0.5, "update", (4, [("loss", 0.1)], True))],
    ),
    "unknown_target_shrinking_line": (
        dict(target=None),
        [(0.1, "update", (1, [("loss", 123456.0)])), (0.2, "update", (2, None, True))],
    ),
    "stateful_metrics": (
        dict(target=5, stateful_metrics=["acc"]),
        steps(5, 0.1),
    ),
    "stateless_metrics": (
        dict(target=5, stateless_metrics=["loss"]),
        steps(5, 0.1),
    ),
    "large_small_negative_values": (
        dict(target=3),
        steps(3, 0.1, values=lambda i: [
            ("big", 1.5e7 * i), ("tiny", 1e-6), ("neg", -0.25), ("negtiny", -1e-5)
        ]),  # fmt: skip
    ),
    "int_and_array_values": (
        dict(target=3, stateful_metrics=["count"]),
        steps(3, 0.1, values=lambda i: [
            ("count", i), ("vec", np.array([0.1, 0.3]) * i), ("f32", np.float32(0.5))
        ]),  # fmt: skip
    ),
    "unit_name_sample": (dict(target=4, unit_name="sample"), steps(4, 0.2)),
    "add": (
        dict(target=6),
        [
            (0.1, "add", (2, [("loss", 0.5)])),
            (0.2, "add", (2, [("loss", 0.3)])),
            (0.3, "add", (2,)),
        ],
    ),
    "explicit_finalize_before_target": (dict(target=10), steps(4, 0.1, finalize_last=True)),
    "zero_step_then_steps": (dict(target=3), [(0.0, "update", (0,))] + steps(3, 0.1)),
    "width_5": (dict(target=3, width=5), steps(3, 0.1)),
    "verbose_0": (dict(target=3, verbose=0), steps(3, 0.1)),
}


@pytest.mark.parametrize("verbose", [1, 2])
@pytest.mark.parametrize("dynamic", [True, False], ids=["tty", "no_tty"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_same_bytes_as_keras(monkeypatch, case, dynamic, verbose):
    kwargs, script = CASES[case]
    kwargs = {"verbose": verbose, **kwargs}
    ours = run_script(Progbar, monkeypatch, script, dynamic=dynamic, **kwargs)
    theirs = run_script(keras.utils.Progbar, monkeypatch, script, dynamic=dynamic, **kwargs)
    assert ours == theirs
    if kwargs["verbose"] == 1:
        assert ours  # each case prints something at verbose=1


def test_default_display_mode_matches_keras():
    assert Progbar(3)._dynamic_display == keras.utils.Progbar(3)._dynamic_display
