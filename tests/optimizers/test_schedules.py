"""Unit tests of the built-in learning rate schedules (formulas, dtypes, devices, configs)."""

import math

import numpy as np
import pytest
import torch

from kerastorch import optimizers
from kerastorch.optimizers import schedules


def _values(schedule, steps):
    return np.array([schedule(torch.tensor(step)).item() for step in steps])


STEPS = np.arange(0, 60)


@pytest.mark.parametrize(
    "schedule,formula",
    [
        (schedules.ExponentialDecay(0.1, 10, 0.5), lambda s: 0.1 * 0.5 ** (s / 10)),
        (schedules.ExponentialDecay(0.1, 10, 0.5, staircase=True), lambda s: 0.1 * 0.5 ** np.floor(s / 10)),
        (schedules.InverseTimeDecay(0.1, 4, 0.5), lambda s: 0.1 / (1 + 0.5 * s / 4)),
        (schedules.InverseTimeDecay(0.1, 4, 0.5, staircase=True), lambda s: 0.1 / (1 + 0.5 * np.floor(s / 4))),
        (schedules.PiecewiseConstantDecay([10, 20], [1.0, 0.5, 0.1]),
         lambda s: np.select([s <= 10, s <= 20], [1.0, 0.5], 0.1)),
        (schedules.PolynomialDecay(0.1, 30, 0.01, power=2.0),
         lambda s: (0.1 - 0.01) * (1 - np.minimum(s, 30) / 30) ** 2 + 0.01),
        (schedules.PolynomialDecay(0.1, 10, 0.0, cycle=True),
         lambda s: 0.1 * (1 - s / (10 * np.where(s == 0, 1, np.ceil(s / 10))))),
        (schedules.CosineDecay(0.1, 30, alpha=0.2),
         lambda s: 0.1 * (0.8 * 0.5 * (1 + np.cos(np.pi * np.minimum(s, 30) / 30)) + 0.2)),
        (schedules.CosineDecay(0.0, 30, warmup_target=0.1, warmup_steps=10),
         lambda s: np.where(s < 10, 0.1 * s / 10,
                            0.1 * 0.5 * (1 + np.cos(np.pi * (np.minimum(s, 40) - 10) / 30)))),
        (schedules.CosineDecayRestarts(0.1, 10, t_mul=1.0, m_mul=0.5),
         lambda s: 0.1 * 0.5 ** np.floor(s / 10) * 0.5 * (1 + np.cos(np.pi * (s / 10 - np.floor(s / 10))))),
    ],
)
def test_schedules_follow_their_formulas(schedule, formula):
    np.testing.assert_allclose(_values(schedule, STEPS), formula(STEPS.astype("float64")), rtol=1e-5, atol=1e-7)


def test_restarts_with_growing_periods():
    schedule = schedules.CosineDecayRestarts(1.0, 10, t_mul=2.0, m_mul=0.5)
    # Periods [0, 10), [10, 30), [30, 70): each starts at m_mul ** i, halfway is half of it.
    for start, length, peak in [(0, 10, 1.0), (10, 20, 0.5), (30, 40, 0.25)]:
        np.testing.assert_allclose(schedule(start).item(), peak, rtol=1e-5)
        np.testing.assert_allclose(schedule(start + length // 2).item(), peak / 2, rtol=1e-5)


def test_piecewise_constant_keeps_integer_values():
    schedule = schedules.PiecewiseConstantDecay([2], [3, 1])
    assert schedule(torch.tensor(1)).dtype == torch.int32
    assert schedule(torch.tensor(3)).item() == 1


def test_float64_initial_learning_rate_sets_the_dtype():
    value = schedules.ExponentialDecay(torch.tensor(0.1, dtype=torch.float64), 10, 0.5)(torch.tensor(5))
    assert value.dtype == torch.float64
    np.testing.assert_allclose(value.item(), 0.1 * 0.5 ** 0.5)


def test_integer_initial_learning_rate_computes_in_floatx():
    value = schedules.CosineDecay(0, 10, warmup_target=0.1, warmup_steps=10)(torch.tensor(5))
    assert value.dtype == torch.float32
    np.testing.assert_allclose(value.item(), 0.05, rtol=1e-6)


def test_optimizer_learning_rate_follows_schedule():
    schedule = schedules.PiecewiseConstantDecay([1], [0.5, 0.25])
    variable = torch.nn.Parameter(torch.zeros(2))
    optimizer = optimizers.SGD(learning_rate=schedule)
    for expected in (0.0, -0.5, -1.0, -1.25):
        np.testing.assert_allclose(variable.detach().numpy(), [expected] * 2)
        optimizer.apply([torch.ones(2)], [variable])
    assert math.isclose(float(optimizer.learning_rate), 0.25)


@pytest.mark.parametrize(
    "schedule",
    [
        schedules.ExponentialDecay(0.1, 7, 0.9, staircase=True),
        schedules.PolynomialDecay(0.1, 8, cycle=True),
        schedules.CosineDecayRestarts(0.1, 4, m_mul=0.7),
    ],
)
def test_config_round_trip(schedule):
    rebuilt = schedules.deserialize(schedules.serialize(schedule))
    assert type(rebuilt) is type(schedule) and rebuilt.get_config() == schedule.get_config()
    for step in (0, 5, 33):
        assert rebuilt(step).item() == schedule(step).item()


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device to detect host syncs")
@pytest.mark.parametrize(
    "schedule",
    [
        schedules.ExponentialDecay(0.1, 7, 0.9, staircase=True),
        schedules.InverseTimeDecay(0.1, 7, 0.9),
        schedules.PiecewiseConstantDecay([3, 9], [0.1, 0.01, 0.001]),
        schedules.PolynomialDecay(0.1, 8, cycle=True),
        schedules.CosineDecay(0.0, 30, warmup_target=0.1, warmup_steps=10),
        schedules.CosineDecayRestarts(0.1, 4, t_mul=1.5),
    ],
)
def test_schedules_do_not_synchronize_the_device(schedule):
    step = torch.tensor(5, dtype=torch.int64, device="cuda")
    schedule(step)
    torch.cuda.set_sync_debug_mode("error")
    try:
        value = schedule(step)
    finally:
        torch.cuda.set_sync_debug_mode("default")
    assert value.device == step.device
