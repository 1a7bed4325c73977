"""Unit tests of the session settings: `keras.config` switches, limits, backend, `clear_session`."""

import importlib
import logging

import pytest

import kerastorch
from kerastorch.backend import config, global_state, logging_config, naming, session
from kerastorch.utils import progbar


@pytest.fixture(autouse=True)
def fresh_session():
    yield
    config.set_max_epochs(None)
    config.set_max_steps_per_epoch(None)
    session.clear_session(free_memory=False)


def test_global_state_is_cleared_by_clear_session():
    global_state.set_global_attribute("thing", 3)
    assert global_state.get_global_attribute("thing") == 3
    session.clear_session(free_memory=False)
    assert global_state.get_global_attribute("thing", "unset") == "unset"


@pytest.mark.parametrize("switch, enabled, disabled", [
    ("flash_attention", None, False),
    ("interactive_logging", True, False),
    ("traceback_filtering", True, False),
])
def test_switches(switch, enabled, disabled):
    get = getattr(kerastorch.config, f"is_{switch}_enabled")
    assert get() is enabled
    getattr(kerastorch.config, f"disable_{switch}")()
    assert get() is disabled
    getattr(kerastorch.config, f"enable_{switch}")()
    assert get() is enabled
    getattr(kerastorch.config, f"disable_{switch}")()
    kerastorch.backend.clear_session(free_memory=False)
    assert get() is enabled


def test_clear_session_resets_the_dtype_policy_and_the_names():
    kerastorch.config.set_dtype_policy("mixed_bfloat16")
    kerastorch.layers.Dense(1)
    kerastorch.backend.clear_session(free_memory=False)
    assert kerastorch.config.dtype_policy().name == "float32"
    assert kerastorch.layers.Dense(1).name == "dense"


def test_limits():
    assert (config.max_epochs(), config.max_steps_per_epoch()) == (None, None)
    kerastorch.config.set_max_epochs(3)
    kerastorch.config.set_max_steps_per_epoch(7)
    kerastorch.backend.clear_session(free_memory=False)
    assert (kerastorch.config.max_epochs(), kerastorch.config.max_steps_per_epoch()) == (3, 7)


def test_limits_are_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("KERAS_MAX_EPOCHS", "2")
    monkeypatch.setenv("KERAS_MAX_STEPS_PER_EPOCH", "5")
    floatx = config.floatx()
    try:
        importlib.reload(config)
        assert (config.max_epochs(), config.max_steps_per_epoch()) == (2, 5)
    finally:
        monkeypatch.delenv("KERAS_MAX_EPOCHS")
        monkeypatch.delenv("KERAS_MAX_STEPS_PER_EPOCH")
        importlib.reload(config)
        config.set_floatx(floatx)
    assert config.max_epochs() is None


def test_backend_is_torch_only():
    kerastorch.config.set_backend("torch")
    with pytest.raises(ValueError, match="the only available backend is 'torch'. "
                                         "Received: backend=tensorflow"):
        kerastorch.config.set_backend("tensorflow")
    assert kerastorch.config.is_nnx_enabled() is False


def test_messages_go_to_the_logger_when_interactive_logging_is_off(capsys, caplog):
    logging_config.disable_interactive_logging()
    with caplog.at_level(logging.INFO, logger="kerastorch"):
        progbar.print_msg("Epoch 1/5")
    assert capsys.readouterr().out == ""
    assert [record.getMessage() for record in caplog.records] == ["Epoch 1/5"]
    logging_config.enable_interactive_logging()
    progbar.print_msg("Epoch 2/5")
    assert capsys.readouterr().out == "Epoch 2/5\n"


def test_get_uid_counts_with_the_names():
    naming.reset_names()
    assert [naming.get_uid("x"), naming.get_uid("x"), naming.get_uid()] == [1, 2, 1]
    assert naming.uniquify("x") == "x_2"
