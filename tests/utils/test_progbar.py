import copy
import io
import random
import sys
import time

import numpy as np
import pytest
import torch

from kerastorch.utils import Progbar
from kerastorch.utils.progbar import print_msg


@pytest.fixture
def clock(monkeypatch):
    """A fake `time.time`: set `clock[0]` to move time."""
    now = [100.0]
    monkeypatch.setattr(time, "time", lambda: now[0])
    return now


class _Captured:
    """Everything written to stdout so far (pytest resets `sys.stdout` between phases)."""

    def __init__(self, capsys):
        self._capsys = capsys
        self._text = ""

    def getvalue(self):
        self._text += self._capsys.readouterr().out
        return self._text


@pytest.fixture
def stdout(capsys):
    return _Captured(capsys)


def test_verbose_2_line(clock, stdout):
    bar = Progbar(3, verbose=2)
    for step in (1, 2, 3):
        clock[0] += 0.25
        bar.update(step, [("loss", 0.5 * step)])
    assert stdout.getvalue() == "3/3 - 1s - 250ms/step - loss: 1.5000\n"


def test_verbose_1_tty_line(clock, stdout):
    bar = Progbar(2)
    bar._dynamic_display = True
    clock[0] += 2.0
    bar.update(1, [("loss", 2e-5)])
    expected = (
        "\r\x1b[1m1/2\x1b[0m \x1b[32m" + "━" * 10 + "\x1b[0m\x1b[37m" + "━" * 10
        + "\x1b[0m \x1b[1m2s\x1b[0m 2s/step - loss: 2.0000e-05"
    )
    assert stdout.getvalue() == expected


def test_stateless_values_are_averaged_over_steps(clock, stdout):
    bar = Progbar(4, verbose=2)
    bar.update(2, [("loss", 1.0)])  # counts for 2 steps
    bar.update(3, [("loss", 4.0)])
    bar.update(4, [("loss", 1.0)], finalize=False)
    assert bar._average("loss") == pytest.approx((2 * 1.0 + 4.0 + 1.0) / 4)


def test_tensor_values(clock, stdout):
    bar = Progbar(2, verbose=2, stateful_metrics=["acc"])
    bar.update(1, [("loss", torch.tensor(0.5)), ("acc", torch.tensor([0.25, 0.75]))])
    bar.update(2, [("loss", torch.tensor(0.5)), ("acc", torch.tensor(0.5))])
    assert stdout.getvalue().endswith("- loss: 0.5000 - acc: 0.5000\n")


def test_add_advances_from_last_position(clock, stdout):
    bar = Progbar(None, verbose=0)
    bar.add(3)
    bar.add(2)
    assert bar._seen_so_far == 5


def test_both_metric_lists_rejected():
    with pytest.raises(ValueError, match="stateful_metrics"):
        Progbar(3, stateful_metrics=["a"], stateless_metrics=["b"])


@pytest.mark.parametrize("verbose", [0, 1, 2])
@pytest.mark.parametrize("target", [None, 1, 25])
def test_would_display_predicts_update_without_changing_state(clock, stdout, verbose, target):
    rng = random.Random(verbose * 100 + (target or 0))
    bar = Progbar(target, verbose=verbose, interval=0.05)
    for step in range(1, 40):
        clock[0] += rng.choice([0.0, 0.01, 0.04, 0.06, 2.0])
        finalize = rng.choice([None, None, None, True, False])
        before = copy.deepcopy(vars(bar))
        predicted = bar.would_display(step, finalize=finalize)
        assert vars(bar) == before
        written = len(stdout.getvalue())
        bar.update(step, [("loss", 1.0 / step)], finalize=finalize)
        assert predicted == (len(stdout.getvalue()) > written)


def test_update_with_explicit_now_matches_clock(clock, stdout):
    bar = Progbar(5, verbose=2)
    bar.update(1, now=101.0)
    bar.update(5, [("loss", 0.1)], now=104.0)
    assert stdout.getvalue() == "5/5 - 4s - 750ms/step - loss: 0.1000\n"


@pytest.mark.parametrize(
    "time_per_step, expected",
    [(0, " 0s/step"), (2.4, " 2s/step"), (0.0123, " 12ms/step"), (4.5e-5, " 45us/step")],
)
def test_format_time(time_per_step, expected):
    assert Progbar(1)._format_time(time_per_step) == expected


def test_print_msg_falls_back_to_ascii_bar(monkeypatch):
    raw = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(raw, encoding="ascii"))
    print_msg("━━ done")
    sys.stdout.flush()
    assert raw.getvalue() == b"== done\n"


def test_numpy_float32_values_format_like_floats(clock, stdout):
    bar = Progbar(1, verbose=2)
    bar.update(1, [("loss", np.float32(0.125))])
    assert stdout.getvalue().endswith("loss: 0.1250\n")
