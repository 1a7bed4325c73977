"""Unit tests of subclassed `Model`s: building, weight tracking, `summary`, configs,
`add_loss` losses in `model.losses` and in the training loss."""

import numpy as np
import pytest
import torch

import kerastorch
from kerastorch import layers
from kerastorch.backend import clear_session
from kerastorch.models import Functional


@pytest.fixture(autouse=True)
def fresh_names():
    clear_session()


class MLP(kerastorch.Model):
    def __init__(self, hidden=8, **kwargs):
        super().__init__(**kwargs)
        self.hidden = hidden
        self.dense = layers.Dense(hidden, activation="relu")
        self.blocks = [layers.Dense(hidden), layers.Dense(hidden)]
        self.heads = {"main": layers.Dense(2), "aux": layers.Dense(1)}
        self.dropout = layers.Dropout(0.5)

    def call(self, inputs, training=None):
        x = self.dense(inputs)
        for block in self.blocks:
            x = block(x)
        x = self.dropout(x, training=training)
        return self.heads["main"](x) + self.heads["aux"](x)

    def get_config(self):
        return {**super().get_config(), "hidden": self.hidden}


class TwoInputs(kerastorch.Model):
    def __init__(self):
        super().__init__()
        self.left, self.right = layers.Dense(2), layers.Dense(2)

    def call(self, inputs):
        if isinstance(inputs, dict):
            return self.left(inputs["x"]) + self.right(inputs["y"])
        return self.left(inputs[0]) + self.right(inputs[1])


def randn(*shape):
    return torch.randn(*shape, generator=torch.Generator().manual_seed(1))


# ------------------------------------------------------------------ building
def test_built_on_the_first_call():
    model = MLP()
    assert not model.built and model.weights == []
    out = model(randn(3, 4))
    assert model.built and out.shape == (3, 2)
    assert model.dense.kernel.shape == (4, 8)


def test_build_with_an_input_shape_builds_every_sub_layer():
    model = MLP()
    model.build((None, 5))
    assert model.built
    assert all(layer.built for layer in model.layers)
    assert model.dense.kernel.shape == (5, 8)
    assert model.count_params() == (5 * 8 + 8) + 2 * (8 * 8 + 8) + (8 * 2 + 2) + (8 + 1)


@pytest.mark.parametrize("shapes, inputs", [
    ({"x": (None, 3), "y": (None, 4)}, {"x": torch.ones(2, 3), "y": torch.ones(2, 4)}),
    ([(None, 3), (None, 4)], [torch.ones(2, 3), torch.ones(2, 4)]),
    (((None, 3), (None, 4)), (torch.ones(2, 3), torch.ones(2, 4))),
])
def test_build_with_several_input_shapes(shapes, inputs):
    model = TwoInputs()
    model.build(shapes)
    assert model.built
    assert [tuple(w.shape) for w in model.weights] == [(3, 2), (2,), (4, 2), (2,)]
    assert model(inputs).shape == (2, 2)


def test_a_custom_build_is_used():
    class WithBuild(kerastorch.Model):
        def build(self, input_shape):
            self.scale = self.add_weight(shape=(input_shape[-1],), initializer="ones",
                                         name="scale")

        def call(self, inputs):
            return inputs * self.scale

    model = WithBuild()
    model(torch.ones(2, 3))
    assert model.get_build_config() == {"input_shape": (2, 3)}
    assert [w.keras_name for w in model.weights] == ["scale"]


def test_positional_arguments_other_than_inputs_outputs_are_refused():
    class NoInit(kerastorch.Model):
        def call(self, inputs):
            return inputs

    with pytest.raises(TypeError, match="NoInit\\(\\) takes no positional arguments besides "
                                        "`inputs, outputs` for a functional model."):
        NoInit(3)


@pytest.mark.parametrize("make", [
    lambda x, y: kerastorch.Model(x, y), lambda x, y: kerastorch.Model(inputs=x, outputs=y),
    lambda x, y: kerastorch.models.Model(x, y, name="f"),
])
def test_model_with_inputs_and_outputs_is_functional(make):
    x = kerastorch.Input((2,))
    assert type(make(x, layers.Dense(1)(x))) is Functional


# ----------------------------------------------------------- weight tracking
def test_sub_layers_in_attributes_lists_and_dicts_are_tracked_in_order():
    model = MLP()
    model.build((None, 4))
    assert [layer.name for layer in model.layers] == [
        "dense", "dense_1", "dense_2", "dense_3", "dense_4", "dropout"]
    assert list(model.state_dict()) == [
        "dense.kernel", "dense.bias", "blocks.0.kernel", "blocks.0.bias", "blocks.1.kernel",
        "blocks.1.bias", "heads.main.kernel", "heads.main.bias", "heads.aux.kernel",
        "heads.aux.bias"]
    assert len(model.weights) == len(model.trainable_weights) == 10
    assert model.get_layer("dense_2") is model.blocks[1]
    assert model.get_layer(index=3) is model.heads["main"]


def test_nested_subclassed_models_are_tracked():
    class Outer(kerastorch.Model):
        def __init__(self):
            super().__init__()
            self.body = MLP(hidden=4)
            self.top = layers.Dense(1)

        def call(self, inputs):
            return self.top(self.body(inputs))

    model = Outer()
    model(torch.ones(2, 3))
    assert list(model.state_dict())[:2] == ["body.dense.kernel", "body.dense.bias"]
    assert len(model.weights) == 12
    model.body.trainable = False
    assert len(model.trainable_weights) == 2
    assert not any(p.requires_grad for p in model.body.parameters())


def test_frozen_subclassed_model_excludes_its_weights_from_training():
    model = MLP()
    model.build((None, 4))
    model.trainable = False
    assert model.trainable_weights == [] and len(model.non_trainable_weights) == 10
    model.trainable = True
    assert len(model.trainable_weights) == 10


# -------------------------------------------------------------------- summary
def summary_text(model, **kwargs):
    lines = []
    model.summary(print_fn=lambda text, **_: lines.append(text), **kwargs)
    return "\n".join(lines)


def test_summary_lists_layers_and_parameter_counts():
    model = MLP(name="mlp")
    model.build((None, 4))
    text = summary_text(model)
    assert 'Model: "mlp"' in text
    for name in ("dense (Dense)", "dense_2 (Dense)", "dense_4 (Dense)", "dropout (Dropout)"):
        assert name in text
    total = model.count_params()
    assert f"Total params: {total:,}" in text and f"Trainable params: {total:,}" in text
    model.trainable = False
    assert f"Non-trainable params: {total:,}" in summary_text(model)


def test_summary_of_an_unbuilt_model_marks_layers_unbuilt():
    text = summary_text(MLP(name="fresh"))
    assert "0 (unbuilt)" in text and "Total params: 0" in text


# --------------------------------------------------------------------- config
def test_subclassed_config_round_trip():
    model = MLP(hidden=6, name="custom", trainable=False)
    config = model.get_config()
    assert config["hidden"] == 6 and config["name"] == "custom" and config["trainable"] is False
    rebuilt = MLP.from_config(config)
    assert (rebuilt.hidden, rebuilt.name, rebuilt.trainable) == (6, "custom", False)


def test_model_from_config_passes_a_non_functional_config_to_the_constructor():
    rebuilt = kerastorch.Model.from_config({"name": "plain", "trainable": True})
    assert type(rebuilt) is kerastorch.Model and rebuilt.name == "plain"


# ---------------------------------------------------------------- training flag
def test_training_reaches_sub_layers_through_call_arguments_and_modes():
    model = MLP()
    x = torch.ones(64, 4)
    model.build((None, 4))
    torch.testing.assert_close(model(x), model(x))
    assert not torch.equal(model(x, training=True), model(x, training=True))
    model.train()
    assert not torch.equal(model(x), model(x))
    torch.testing.assert_close(model(x, training=False), model(x, training=False))


# --------------------------------------------------------------------- losses
class ActivityPenalty(layers.Layer):
    def __init__(self, weight, **kwargs):
        super().__init__(**kwargs)
        self.weight = weight

    def call(self, inputs):
        self.add_loss(self.weight * inputs.abs().mean())
        return inputs


class Penalized(kerastorch.Model):
    def __init__(self):
        super().__init__()
        self.dense = layers.Dense(1, kernel_initializer="zeros")
        self.penalty = ActivityPenalty(10.0)

    def call(self, inputs):
        self.add_loss(torch.tensor(0.5))
        return self.dense(self.penalty(inputs))


def functional_with_penalty():
    inputs = kerastorch.Input((3,))
    outputs = layers.Dense(1, kernel_initializer="zeros")(ActivityPenalty(10.0)(inputs))
    return kerastorch.Model(inputs, outputs)


def sequential_with_penalty():
    return kerastorch.Sequential([kerastorch.Input((3,)), ActivityPenalty(10.0),
                                  layers.Dense(1, kernel_initializer="zeros")])


PENALIZED = {"subclassed": (Penalized, 10.5), "functional": (functional_with_penalty, 10.0),
             "sequential": (sequential_with_penalty, 10.0)}


@pytest.mark.parametrize("name", sorted(PENALIZED))
def test_add_loss_losses_reach_model_losses_for_the_last_call_only(name):
    make, expected = PENALIZED[name]
    model = make()
    assert model.losses == []
    x = torch.ones(4, 3)
    for _ in range(3):
        model(x)
    assert sum(loss.item() for loss in model.losses) == pytest.approx(expected)
    assert len(model.losses) == (2 if name == "subclassed" else 1)


def test_building_a_graph_leaves_no_losses():
    assert functional_with_penalty().losses == []
    assert sequential_with_penalty().losses == []


@pytest.mark.parametrize("name", sorted(PENALIZED))
def test_add_loss_losses_are_part_of_the_training_loss(name):
    make, expected = PENALIZED[name]
    model = make()
    model.compile(optimizer="sgd", loss="mse")
    x = np.ones((8, 3), "float32")
    y = np.full((8, 1), 2.0, "float32")
    assert model.evaluate(x, y, verbose=0) == pytest.approx(4.0 + expected)
    history = model.fit(x, y, epochs=1, batch_size=8, shuffle=False, verbose=0)
    assert history.history["loss"][0] == pytest.approx(4.0 + expected)
    assert model.evaluate(x, y, verbose=0) < 4.0 + expected


def test_a_model_without_compiled_loss_trains_on_added_losses_only():
    model = Penalized()
    model.compile(optimizer="sgd")
    history = model.fit(np.ones((4, 3), "float32"), epochs=1, verbose=0)
    assert history.history["loss"][0] == pytest.approx(10.5)


def test_fit_trains_a_subclassed_model_built_during_fit():
    model = MLP()
    model.compile(optimizer="sgd", loss="mse")
    x = randn(32, 4).numpy()
    y = x[:, :2].sum(1, keepdims=True).repeat(2, axis=1)
    history = model.fit(x, y, epochs=4, batch_size=8, shuffle=False, verbose=0)
    assert model.built and len(model.trainable_weights) == 10
    assert history.history["loss"][-1] < history.history["loss"][0]
