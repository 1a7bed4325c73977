"""Unit tests of `kerastorch.random`: distributions, determinism, shapes, dtypes, `SeedGenerator`."""

import numpy as np
import pytest
import torch

import kerastorch
from kerastorch import random
from kerastorch.backend import config

N = 20000


@pytest.fixture
def floatx64():
    saved = config.floatx()
    config.set_floatx("float64")
    yield
    config.set_floatx(saved)


@pytest.mark.parametrize("draw, mean, std", [
    (lambda: random.normal((N,), mean=2.0, stddev=3.0, seed=1), 2.0, 3.0),
    (lambda: random.uniform((N,), minval=-1.0, maxval=3.0, seed=1), 1.0, 4 / 12 ** 0.5),
    # A standard normal truncated to (-2, 2) has standard deviation 0.8796.
    (lambda: random.truncated_normal((N,), mean=1.0, stddev=2.0, seed=1), 1.0, 2 * 0.8796),
    (lambda: random.gamma((N,), alpha=3.0, seed=1), 3.0, 3.0 ** 0.5),
    (lambda: random.binomial((N,), counts=20, probabilities=0.25, seed=1), 5.0, 3.75 ** 0.5),
    (lambda: random.beta((N,), alpha=2.0, beta=6.0, seed=1), 0.25, (12 / (64 * 9)) ** 0.5),
    (lambda: random.randint((N,), 0, 10, seed=1).double(), 4.5, (99 / 12) ** 0.5),
])
def test_distribution_moments(draw, mean, std):
    values = draw().double()
    assert abs(values.mean().item() - mean) < 4 * std / N ** 0.5
    assert abs(values.std().item() - std) < 0.03 * std


def test_ranges():
    assert random.uniform((N,), 2.0, 5.0, seed=2).min() >= 2.0
    assert random.uniform((N,), 2.0, 5.0, seed=2).max() < 5.0
    truncated = random.truncated_normal((N,), mean=1.0, stddev=0.5, seed=2)
    assert truncated.min() > 0.0 and truncated.max() < 2.0
    integers = random.randint((N,), -3, 4, seed=2)
    assert set(integers.tolist()) == set(range(-3, 4))
    beta = random.beta((N,), 0.5, 0.5, seed=2)
    assert beta.min() >= 0.0 and beta.max() <= 1.0
    assert random.gamma((N,), 0.1, seed=2).min() > 0.0


def test_categorical_frequencies():
    probabilities = torch.tensor([[0.2, 0.5, 0.3]])
    samples = random.categorical(probabilities.log(), N, seed=3)
    frequencies = torch.bincount(samples[0].long(), minlength=3) / N
    torch.testing.assert_close(frequencies, probabilities[0], atol=0.02, rtol=0)


def test_dropout_keeps_a_scaled_fraction():
    x = torch.ones(N)
    dropped = random.dropout(x, 0.25, seed=4)
    assert set(dropped.unique().tolist()) == {0.0, np.float32(1 / 0.75)}
    assert abs((dropped == 0).double().mean().item() - 0.25) < 0.02
    columns = random.dropout(torch.ones(50, 8), 0.5, noise_shape=(1, None), seed=4)
    assert (columns == columns[0]).all()


def test_shuffle_permutes_along_the_axis():
    x = torch.arange(60).reshape(3, 4, 5)
    for axis in (0, 1, 2, -1):
        shuffled = random.shuffle(x, axis=axis, seed=5)
        torch.testing.assert_close(shuffled.sort(dim=axis).values, x)
    assert not torch.equal(random.shuffle(torch.arange(100), seed=5), torch.arange(100))


@pytest.mark.parametrize("draw", [
    lambda seed: random.normal((3,), seed=seed),
    lambda seed: random.uniform((3,), seed=seed),
    lambda seed: random.randint((3,), 0, 100, seed=seed),
    lambda seed: random.truncated_normal((3,), seed=seed),
    lambda seed: random.categorical(torch.zeros(2, 5), 4, seed=seed),
    lambda seed: random.dropout(torch.ones(10), 0.5, seed=seed),
    lambda seed: random.shuffle(torch.arange(10), seed=seed),
    lambda seed: random.gamma((3,), 1.0, seed=seed),
    lambda seed: random.binomial((3,), 10, 0.5, seed=seed),
    lambda seed: random.beta((3,), 1.0, 1.0, seed=seed),
])
def test_determinism(draw):
    assert torch.equal(draw(11), draw(11))
    generator = random.SeedGenerator(11)
    first, second = draw(generator), draw(generator)
    assert torch.equal(first, draw(11))  # a generator's first draw uses its seed itself
    assert not torch.equal(first, second)
    replay = random.SeedGenerator(11)
    assert torch.equal(draw(replay), first) and torch.equal(draw(replay), second)
    kerastorch.utils.set_random_seed(9)
    unseeded = [draw(None), draw(None)]
    kerastorch.utils.set_random_seed(9)
    assert all(torch.equal(a, draw(None)) for a in unseeded)


def test_clear_session_replaces_the_global_generator():
    kerastorch.utils.set_random_seed(1)
    random.normal((1,))
    generator = random.seed_generator.global_seed_generator()
    kerastorch.backend.clear_session(free_memory=False)
    assert random.seed_generator.global_seed_generator() is not generator


def test_seed_generator_state_is_a_cpu_variable_that_advances():
    generator = random.SeedGenerator(123, name="gen")
    assert isinstance(generator.state, kerastorch.Variable)
    assert generator.state.device.type == "cpu"
    assert generator.state.dtype == torch.int32 and not generator.state.trainable
    assert generator.next().tolist() == [123, 0]
    random.normal((2,), seed=generator)
    assert generator.state.tolist() == [123, 2]
    generator.state.assign([5, 0])
    assert torch.equal(random.normal((2,), seed=generator), random.normal((2,), seed=5))


def test_seed_generator_without_seed_draws_one_from_python():
    kerastorch.utils.set_random_seed(2)
    first = random.SeedGenerator().state.tolist()
    kerastorch.utils.set_random_seed(2)
    assert random.SeedGenerator().state.tolist() == first
    assert 1 <= first[0] <= 10**9 and first[1] == 0


def test_unseeded_generator_dropout_is_the_fused_kernel():
    generator = random.SeedGenerator()
    state = generator.state.tolist()
    random.dropout(torch.ones(8), 0.5, seed=generator)
    assert generator.state.tolist() == state


def test_dtype_defaults_follow_floatx(floatx64):
    for draw in (random.normal((2,)), random.uniform((2,)), random.truncated_normal((2,)),
                 random.gamma((2,), 1.0), random.binomial((2,), 3, 0.5),
                 random.beta((2,), 1.0, 2.0)):
        assert draw.dtype == torch.float64
    assert random.randint((2,), 0, 3).dtype == torch.int32
    assert random.categorical([[0.0, 1.0]], 2).dtype == torch.int32


@pytest.mark.parametrize("shape", [[2, 3], (2, 3), torch.Size([2, 3]), np.array([2, 3])])
def test_shapes_in_any_sequence_form(shape):
    assert random.normal(shape, seed=0).shape == (2, 3)
    assert random.uniform(shape, seed=0).shape == (2, 3)


def test_scalar_shapes():
    assert random.uniform((), seed=0).shape == ()
    assert random.normal((), seed=0).shape == ()


def test_seed_generator_config_round_trip():
    generator = random.SeedGenerator(seed=4, name="g")
    rebuilt = random.SeedGenerator.from_config(generator.get_config())
    assert rebuilt.get_config() == {"seed": 4, "name": "g"}
    assert torch.equal(random.normal((3,), seed=rebuilt), random.normal((3,), seed=generator))
