"""`keras.random` side by side.

kerastorch seeds its torch generators as Keras's torch backend does and makes
the same torch calls, so on the CPU the draws equal Keras's exactly: with an
integer seed, with a `SeedGenerator` (call after call), and unseeded after
`set_random_seed`. Shapes, dtypes and errors are compared too.
"""

import keras
import numpy as np
import pytest
import torch

import kerastorch

X = np.arange(24, dtype="float32").reshape(2, 3, 4)
LOGITS = np.log(np.array([[0.1, 0.6, 0.3], [0.5, 0.25, 0.25]], "float32"))

DRAWS = {
    "normal": lambda lib, seed: lib.random.normal((3, 4), mean=1.0, stddev=2.0, seed=seed),
    "normal float64": lambda lib, seed: lib.random.normal((5,), dtype="float64", seed=seed),
    "normal float16": lambda lib, seed: lib.random.normal([2, 2], dtype="float16", seed=seed),
    "uniform": lambda lib, seed: lib.random.uniform((3, 4), minval=-1, maxval=3, seed=seed),
    "uniform scalar": lambda lib, seed: lib.random.uniform((), seed=seed),
    "uniform bfloat16": lambda lib, seed: lib.random.uniform((6,), dtype="bfloat16", seed=seed),
    "randint": lambda lib, seed: lib.random.randint((5, 2), 0, 10, seed=seed),
    "randint int64": lambda lib, seed: lib.random.randint((5,), -3, 3, dtype="int64", seed=seed),
    "truncated_normal": lambda lib, seed: lib.random.truncated_normal((200,), 1.0, 0.5,
                                                                      seed=seed),
    "categorical": lambda lib, seed: lib.random.categorical(LOGITS, 6, seed=seed),
    "categorical int64": lambda lib, seed: lib.random.categorical(LOGITS, 2, dtype="int64",
                                                                  seed=seed),
    "dropout": lambda lib, seed: lib.random.dropout(torch.ones(4, 5), 0.3, seed=seed),
    "dropout noise_shape": lambda lib, seed: lib.random.dropout(
        torch.ones(4, 5), 0.5, noise_shape=(None, 1), seed=seed),
    "shuffle": lambda lib, seed: lib.random.shuffle(X, seed=seed),
    "shuffle axis 1": lambda lib, seed: lib.random.shuffle(X, axis=1, seed=seed),
    "shuffle axis 2": lambda lib, seed: lib.random.shuffle(X, axis=2, seed=seed),
    "gamma": lambda lib, seed: lib.random.gamma((50,), alpha=0.5, seed=seed),
    "gamma array alpha": lambda lib, seed: lib.random.gamma(
        (2, 3), alpha=np.array([0.5, 1.0, 4.0], "float32"), dtype="float64", seed=seed),
    "binomial": lambda lib, seed: lib.random.binomial((50,), counts=10, probabilities=0.3,
                                                      seed=seed),
    "binomial arrays": lambda lib, seed: lib.random.binomial(
        (2, 2), counts=np.array([5.0, 20.0], "float32"),
        probabilities=np.array([[0.1], [0.9]], "float32"), seed=seed),
    "beta": lambda lib, seed: lib.random.beta((50,), alpha=2.0, beta=3.0, seed=seed),
}


def numpy(x):
    return x.detach().float().numpy() if x.dtype == torch.bfloat16 else x.detach().numpy()


def assert_same_draw(expected, received):
    assert type(received) is torch.Tensor
    assert received.dtype == expected.dtype
    assert received.shape == expected.shape
    np.testing.assert_array_equal(numpy(received), numpy(expected))


@pytest.mark.parametrize("name", list(DRAWS))
def test_integer_seed_gives_keras_values_every_call(name):
    expected = DRAWS[name](keras, 42)
    first, second = DRAWS[name](kerastorch, 42), DRAWS[name](kerastorch, 42)
    assert_same_draw(expected, first)
    assert_same_draw(first, second)


@pytest.mark.parametrize("name", list(DRAWS))
def test_seed_generator_sequence_gives_keras_values(name):
    keras_gen, kt_gen = keras.random.SeedGenerator(7), kerastorch.random.SeedGenerator(7)
    expected = [DRAWS[name](keras, keras_gen) for _ in range(3)]
    received = [DRAWS[name](kerastorch, kt_gen) for _ in range(3)]
    for e, r in zip(expected, received):
        assert_same_draw(e, r)
    np.testing.assert_array_equal(kt_gen.state.numpy(), keras.ops.convert_to_numpy(keras_gen.state))


@pytest.mark.parametrize("name", list(DRAWS))
def test_unseeded_draws_follow_set_random_seed_as_keras(name):
    # Both libraries draw the global generator's seed from Python's `random`:
    # seed, draw with one library, then seed again and draw with the other.
    keras.utils.set_random_seed(3)
    expected = [DRAWS[name](keras, None) for _ in range(3)]
    kerastorch.utils.set_random_seed(3)
    received = [DRAWS[name](kerastorch, None) for _ in range(3)]
    for e, r in zip(expected, received):
        assert_same_draw(e, r)


def test_seed_generator_state_name_path_and_config():
    keras.backend.clear_session(free_memory=False)
    kerastorch.backend.clear_session(free_memory=False)
    generators = [lib.random.SeedGenerator(5) for lib in (keras, kerastorch)]
    described = []
    for generator in generators:
        first = generator.next()
        unordered = generator.next(ordered=False)
        described.append({
            "name": generator.name,
            "config": generator.get_config(),
            "path": generator.state.path,
            "state name": generator.state.name,
            "dtype": keras.backend.standardize_dtype(generator.state.dtype),
            "trainable": generator.state.trainable,
            "first": first.tolist(),
            "unordered": unordered.tolist(),
            "state": np.asarray(generator.state).tolist(),
        })
    assert described[1] == described[0]
    rebuilt = kerastorch.random.SeedGenerator.from_config(generators[1].get_config())
    assert rebuilt.get_config() == generators[1].get_config()


def test_unseeded_seed_generator_config():
    configs = [lib.random.SeedGenerator(name="g").get_config() for lib in (keras, kerastorch)]
    assert configs[0] == configs[1] == {"seed": None, "name": "g"}


@pytest.mark.parametrize("call, error", [
    (lambda lib: lib.random.uniform((2,), dtype="int32"), ValueError),
    (lambda lib: lib.random.randint((2,), 0, 5, dtype="float32"), ValueError),
    (lambda lib: lib.random.categorical(np.zeros(3, "float32"), 2), ValueError),
    (lambda lib: lib.random.normal((2,), seed=1.5), ValueError),
    (lambda lib: lib.random.normal((2,), seed="1"), ValueError),
    (lambda lib: lib.random.SeedGenerator(seed=1.5), ValueError),
    (lambda lib: lib.random.SeedGenerator(seed=1, backend_option=2), ValueError),
])
def test_errors(call, error):
    messages = []
    for lib in (keras, kerastorch):
        with pytest.raises(error) as info:
            call(lib)
        messages.append(str(info.value).split("Received")[0])
    assert messages[0] == messages[1]


@pytest.mark.parametrize("rate", [0.0, 1.0])
def test_dropout_extreme_rates(rate):
    x = torch.arange(6.0).reshape(2, 3)
    assert_same_draw(keras.random.dropout(x, rate, seed=1),
                     kerastorch.random.dropout(x, rate, seed=1))


def test_large_and_negative_integer_seeds():
    for seed in (2**31 + 5, 2**32 + 3, -7):
        assert_same_draw(keras.random.normal((4,), seed=seed),
                         kerastorch.random.normal((4,), seed=seed))
