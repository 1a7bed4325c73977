"""`keras.backend`, `keras.config` and `keras.random`: every public name, and the settings' behaviour."""

import warnings

import keras
import numpy as np
import pytest

import kerastorch

NAMESPACES = ["backend", "config", "random"]


@pytest.mark.parametrize("namespace", NAMESPACES)
def test_no_public_name_is_missing(namespace):
    keras_names = {name for name in dir(getattr(keras, namespace)) if not name.startswith("_")}
    missing = sorted(name for name in keras_names
                     if not hasattr(getattr(kerastorch, namespace), name))
    assert missing == []


def test_variable_is_exported_at_the_top():
    assert kerastorch.Variable.__name__ == keras.Variable.__name__ == "Variable"


@pytest.mark.parametrize("name", ["floatx", "epsilon", "image_data_format", "backend",
                                  "is_nnx_enabled", "is_flash_attention_enabled",
                                  "is_interactive_logging_enabled",
                                  "is_traceback_filtering_enabled", "max_epochs",
                                  "max_steps_per_epoch"])
def test_defaults(name):
    assert getattr(kerastorch.config, name)() == getattr(keras.config, name)()


def test_dtype_policy_default():
    assert kerastorch.config.dtype_policy().name == keras.config.dtype_policy().name


@pytest.fixture
def both():
    """Runs a test against both libraries, then restores every default."""
    yield (keras, kerastorch)
    for lib in (keras, kerastorch):
        lib.config.set_max_epochs(None)
        lib.config.set_max_steps_per_epoch(None)
        lib.backend.clear_session()


@pytest.mark.parametrize("switch", ["flash_attention", "interactive_logging",
                                    "traceback_filtering"])
def test_switches_and_clear_session(both, switch):
    for lib in both:
        getattr(lib.config, f"disable_{switch}")()
    states = [getattr(lib.config, f"is_{switch}_enabled")() for lib in both]
    for lib in both:
        getattr(lib.config, f"enable_{switch}")()
    states += [getattr(lib.config, f"is_{switch}_enabled")() for lib in both]
    for lib in both:
        getattr(lib.config, f"disable_{switch}")()
        lib.backend.clear_session()
    states += [getattr(lib.config, f"is_{switch}_enabled")() for lib in both]
    assert states[0::2] == states[1::2]  # Keras's, then kerastorch's, at each stage
    assert states[0] is False


def test_clear_session_restores_the_dtype_policy_but_not_the_limits(both):
    for lib in both:
        lib.config.set_dtype_policy("mixed_float16")
        lib.config.set_max_epochs(2)
        lib.config.set_max_steps_per_epoch(5)
    assert [lib.config.dtype_policy().name for lib in both] == ["mixed_float16"] * 2
    for lib in both:
        lib.backend.clear_session()
    assert [lib.config.dtype_policy().name for lib in both] == ["float32"] * 2
    assert [(lib.config.max_epochs(), lib.config.max_steps_per_epoch()) for lib in both] == [
        (2, 5)] * 2


def test_set_dtype_policy_rejects_other_types(both):
    errors = []
    for lib in both:
        with pytest.raises(ValueError) as info:
            lib.config.set_dtype_policy(3)
        errors.append(str(info.value))
    assert errors[0] == errors[1]


def test_get_uid_shares_the_name_counters(both):
    results = []
    for lib in both:
        lib.backend.clear_session()
        lib.layers.Dense(1)
        results.append((lib.backend.get_uid("dense"), lib.backend.get_uid("dense"),
                        lib.layers.Dense(1).name, lib.backend.get_uid(), lib.backend.get_uid()))
    assert results[0] == results[1] == (2, 3, "dense_3", 1, 2)


def test_set_backend():
    kerastorch.config.set_backend("torch")
    assert kerastorch.config.backend() == "torch"
    with pytest.raises(ValueError, match="Received: backend=jax"):
        kerastorch.config.set_backend("jax")


def test_is_keras_tensor(both):
    for lib in both:
        assert lib.backend.is_keras_tensor(lib.Input((3,)))
        assert not lib.backend.is_keras_tensor(np.ones(3))


def test_disabled_interactive_logging_silences_the_progress_bar(both, capsys):
    printed = []
    for lib in both:
        lib.config.disable_interactive_logging()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            bar = lib.utils.Progbar(2)
            bar.update(1)
            bar.update(2)
        printed.append(capsys.readouterr().out)
        lib.config.enable_interactive_logging()
    assert printed == ["", ""]
