"""Unit tests of the merging layers: maths, broadcasting, masks, shapes, errors.

Side-by-side comparisons with Keras live in tests/compat/test_merging_compat.py.
"""

import pytest
import torch
import torch.nn.functional as F

import kerastorch
from kerastorch import layers
from kerastorch.layers.merging.dot import batch_dot

GEN = torch.Generator().manual_seed(0)


def randn(*shape):
    return torch.randn(*shape, generator=GEN)


@pytest.mark.parametrize("name, fn", [
    ("Add", lambda a, b, c: a + b + c),
    ("Multiply", lambda a, b, c: a * b * c),
    ("Average", lambda a, b, c: (a + b + c) / 3),
    ("Maximum", lambda a, b, c: torch.maximum(torch.maximum(a, b), c)),
    ("Minimum", lambda a, b, c: torch.minimum(torch.minimum(a, b), c)),
])
def test_elementwise_merges(name, fn):
    a, b, c = randn(2, 3), randn(2, 3), randn(2, 3)
    torch.testing.assert_close(getattr(layers, name)()([a, b, c]), fn(a, b, c))
    torch.testing.assert_close(getattr(layers, name.lower())([a, b, c]), fn(a, b, c))


def test_subtract_takes_exactly_two_inputs():
    a, b = randn(2, 3), randn(2, 3)
    torch.testing.assert_close(layers.Subtract()([a, b]), a - b)
    with pytest.raises(ValueError, match="exactly 2"):
        layers.subtract([a, b, a])


def test_lower_rank_inputs_are_expanded_at_axis_1():
    a, b = randn(2, 3, 4), randn(2, 4)
    out = layers.Add()([a, b])
    torch.testing.assert_close(out, a + b[:, None])
    assert layers.Add().compute_output_shape([(None, 3, 4), (None, 4)]) == (None, 3, 4)


@pytest.mark.parametrize("shapes, expected", [
    ([(None, 3, 4), (None, 3, 4)], (None, 3, 4)),
    ([(None, 1, 4), (None, 3, 1)], (None, 3, 4)),
    ([(None, None, 4), (None, 3, 4)], (None, None, 4)),
    ([(5, 3), (None, 3)], (5, 3)),
])
def test_broadcast_output_shapes(shapes, expected):
    assert layers.Maximum().compute_output_shape(shapes) == expected
    assert layers.Maximum()([kerastorch.Input(batch_shape=s) for s in shapes]).shape == expected


@pytest.mark.parametrize("shapes, match", [
    ([(2, 3), (2, 4)], "incompatible shapes"),
    ([(2, 3), (3, 3)], "different batch sizes"),
])
def test_build_errors_name_the_layer(shapes, match):
    with pytest.raises(ValueError, match=f"merge_me.*{match}|{match}.*merge_me"):
        layers.Add(name="merge_me")([randn(*s) for s in shapes])


def test_a_single_tensor_is_refused():
    with pytest.raises(ValueError, match="list of inputs"):
        layers.Add()(randn(2, 3))


def test_masks_are_combined_with_or():
    masks = [torch.tensor([[True, False, False]]), torch.tensor([[False, False, True]])]
    out = layers.Add().compute_mask([randn(1, 3, 2)] * 2, masks)
    assert out.tolist() == [[True, False, True]]
    assert layers.Add().compute_mask([randn(1, 3, 2)] * 2, [masks[0], None]) is None
    assert layers.Dot(axes=1).compute_mask([randn(1, 3)] * 2, masks) is None


def test_multiply_treats_masked_positions_as_one_and_zeroes_all_masked_ones():
    a, b = torch.full((1, 3, 2), 2.0), torch.full((1, 3, 2), 3.0)
    a._keras_mask = torch.tensor([[True, False, False]])
    b._keras_mask = torch.tensor([[True, True, False]])
    out = layers.Multiply()([a, b])
    assert out[0, :, 0].tolist() == [6.0, 3.0, 0.0]
    assert out._keras_mask.tolist() == [[True, True, False]]


def test_maximum_ignores_masked_positions():
    a, b = torch.full((1, 2, 1), 5.0), torch.full((1, 2, 1), 1.0)
    a._keras_mask = torch.tensor([[True, False]])
    out = layers.Maximum()([a, b])
    assert out[0, :, 0].tolist() == [5.0, 1.0]
    assert not hasattr(out, "_keras_mask")  # b has no mask: the output has none


def test_concatenate_and_its_mask():
    a, b = randn(2, 3, 4), randn(2, 3, 5)
    layer = layers.Concatenate()
    torch.testing.assert_close(layer([a, b]), torch.cat([a, b], dim=-1))
    mask = layer.compute_mask([a, b], [torch.tensor([[True, False, True]] * 2), None])
    assert mask.shape == (2, 3) and mask.all()
    steps = layers.Concatenate(axis=1)
    mask = steps.compute_mask([a, a], [torch.tensor([[True, False, True]] * 2), None])
    assert mask[0].tolist() == [True, False, True, True, True, True]
    assert steps.compute_output_shape([(None, 3, 4), (None, None, 4)]) == (None, None, 4)


def test_concatenate_refuses_mismatched_shapes():
    with pytest.raises(ValueError, match="matching shapes"):
        layers.Concatenate(axis=1)([randn(2, 3, 4), randn(2, 3, 5)])


@pytest.mark.parametrize("shapes, axes, equation", [
    ([(2, 5), (2, 5)], (1, 1), "bi,bi->b"),
    ([(2, 3, 5), (2, 4, 5)], (2, 2), "bij,bkj->bik"),
    ([(2, 5, 3), (2, 4, 5)], (1, 2), "bji,bkj->bik"),
    ([(2, 5), (2, 5, 3, 2)], (1, 1), "bi,bijk->bjk"),
    ([(2, 3, 5), (2, 5)], (2, 1), "bij,bj->bi"),
])
def test_batch_dot_contracts_the_given_axes(shapes, axes, equation):
    x, y = randn(*shapes[0]), randn(*shapes[1])
    expected = torch.einsum(equation, x, y)
    out = batch_dot(x, y, axes)
    torch.testing.assert_close(out, expected.reshape(2, 1) if expected.ndim == 1 else expected)


def test_dot_normalize_gives_cosine_similarity():
    a, b = randn(4, 6), randn(4, 6)
    out = layers.Dot(axes=1, normalize=True)([a, b])
    torch.testing.assert_close(out[:, 0], F.cosine_similarity(a, b, dim=1))
    assert layers.dot([a, b], axes=-1).shape == (4, 1)


def test_dot_errors():
    with pytest.raises(TypeError, match="axes"):
        layers.Dot(axes="1")
    with pytest.raises(ValueError, match="two elements"):
        layers.Dot(axes=(1, 2, 3))
    with pytest.raises(ValueError, match="dot_me.*axis values 3"):
        layers.Dot(axes=1, name="dot_me")([randn(2, 3), randn(2, 4)])


@pytest.mark.parametrize("layer", [
    layers.Add(), layers.Subtract(), layers.Concatenate(axis=1), layers.Dot(axes=(1, 2)),
    layers.Dot(axes=1, normalize=True),
])
def test_config_round_trip(layer):
    config = layer.get_config()
    assert type(layer).from_config(config).get_config() == config


def test_merge_in_a_functional_model_trains():
    kerastorch.utils.set_random_seed(0)
    inputs = [kerastorch.Input((4,)), kerastorch.Input((4,))]
    merged = layers.concatenate([layers.Dense(3)(inputs[0]), layers.Dense(3)(inputs[1])])
    model = kerastorch.Model(inputs, layers.Dense(1)(merged))
    model.compile(optimizer="sgd", loss="mse")
    x = [randn(8, 4).numpy(), randn(8, 4).numpy()]
    history = model.fit(x, randn(8, 1).numpy(), epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2
    assert history.history["loss"][1] < history.history["loss"][0]
