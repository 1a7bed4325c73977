"""Keras 2 model and training configs translated into Keras 3's."""

import base64
import marshal

import numpy as np
import pytest

import kerastorch
from kerastorch.saving import legacy_config


def _dense(name, **config):
    return {"class_name": "Dense", "config": {"name": name, "units": 2, **config}}


def test_sequential_forms_of_keras2():
    shape = {"batch_input_shape": [None, 3], "dtype": "float32"}
    # Keras 2.0 wrote a bare list; a first layer's shape makes the input layer.
    for config in ([_dense("a", **shape), _dense("b")],
                   {"name": "seq", "layers": [_dense("a", **shape), _dense("b")]},
                   {"name": "seq", "layers": [_dense("a"), _dense("b")],
                    "build_input_shape": [None, 3]}):
        model = legacy_config.deserialize_model({"class_name": "Sequential", "config": config})
        assert model.input_shape == (None, 3)
        assert [layer.name for layer in model.layers] == ["a", "b"]


def test_model_config_must_be_a_dict():
    with pytest.raises(TypeError, match="expects a dictionary, not a list"):
        legacy_config.model_config_from_legacy([_dense("a")])
    with pytest.raises(ValueError, match="not a valid Keras configuration"):
        legacy_config.model_config_from_legacy({"class_name": "Dense"})


def test_keras2_mixed_precision_policy_becomes_its_name():
    config = _dense("a", dtype={"class_name": "Policy", "config": {"name": "mixed_float16"}})
    layer = kerastorch.layers.deserialize(legacy_config.model_config_from_legacy(config))
    assert layer.dtype_policy.name == "mixed_float16"


def _functional(layers, inputs, outputs):
    return {"class_name": "Functional", "config": {
        "name": "f", "layers": layers, "input_layers": inputs, "output_layers": outputs}}


def _input(name, shape):
    return {"class_name": "InputLayer", "name": name, "inbound_nodes": [],
            "config": {"batch_input_shape": shape, "dtype": "float32", "name": name}}


def test_keras2_nodes_with_tensor_keyword_arguments():
    mha = {"class_name": "MultiHeadAttention", "name": "mha",
           "config": {"name": "mha", "num_heads": 1, "key_dim": 2,
                      "query_shape": [None, 3, 4], "value_shape": [None, 5, 4]},
           "inbound_nodes": [[["q", 0, 0, {"value": ["v", 0, 0]}]]]}
    model = legacy_config.deserialize_model(_functional(
        [_input("q", [None, 3, 4]), _input("v", [None, 5, 4]), mha],
        [["q", 0, 0], ["v", 0, 0]], [["mha", 0, 0]]))
    rng = np.random.default_rng(0)
    q, v = rng.normal(size=(2, 3, 4)).astype("float32"), rng.normal(size=(2, 5, 4)).astype("float32")
    expected = model.get_layer("mha")(q, v).detach().numpy()
    np.testing.assert_allclose(model.predict([q, v], verbose=0), expected, rtol=1e-6)


def test_keras2_node_structures():
    node = [["a", 0, 0, {"training": False}], ["_CONSTANT_VALUE", -1, 2.0, {"training": False}]]
    converted = legacy_config._node_from_legacy(node, {"a": 0})
    reference = converted["args"][0][0]["config"]["keras_history"]
    assert reference == ["a", 0, 0] and converted["args"][0][1] == 2.0
    assert converted["kwargs"] == {"training": False}
    by_key = legacy_config._node_from_legacy({"x": ["a", 1, 0, {}], "y": ["b", 0, 1, {}]},
                                             {"a": 1, "b": 0})
    assert {key: value["config"]["keras_history"] for key, value in by_key["args"][0].items()} \
        == {"x": ["a", 0, 0], "y": ["b", 0, 1]}
    single = legacy_config._node_from_legacy([["a", 0, 0, {}]], {"a": 0})
    assert single["args"][0]["class_name"] == "__keras_tensor__"


def test_keras2_nested_sequential_nodes_count_from_one():
    inner = {"class_name": "Sequential", "name": "inner", "config": {"name": "inner", "layers": [
        {"class_name": "InputLayer", "config": {"batch_input_shape": [None, 3], "name": "i"}},
        _dense("d")]}, "inbound_nodes": [[["x", 0, 0, {}]], [["x", 0, 0, {}]]]}
    add = {"class_name": "Add", "name": "add", "config": {"name": "add"},
           "inbound_nodes": [[["inner", 1, 0, {}], ["inner", 2, 0, {}]]]}
    model = legacy_config.deserialize_model(_functional(
        [_input("x", [None, 3]), inner, add], [["x", 0, 0]], [["add", 0, 0], ["inner", 2, 0]]))
    x = np.ones((2, 3), "float32")
    added, second = model.predict(x, verbose=0)
    single = model.get_layer("inner")(x).detach().numpy()
    np.testing.assert_allclose(added, 2 * single, rtol=1e-6)
    np.testing.assert_allclose(second, single, rtol=1e-6)


def _lambda_config(function, function_type, **extra):
    return {"class_name": "Lambda", "config": {
        "name": "lam", "function": function, "function_type": function_type,
        "module": "__main__", "output_shape": None, "output_shape_type": "raw",
        "output_shape_module": None, "arguments": {}, **extra}}


def test_keras2_lambda_bytecode_needs_unsafe_mode():
    code = base64.b64encode(marshal.dumps((lambda x: x * 3).__code__)).decode("ascii")
    model_config = {"class_name": "Sequential", "config": {"name": "s", "layers": [
        {"class_name": "InputLayer", "config": {"batch_input_shape": [None, 2], "name": "i"}},
        _lambda_config([code, None, None], "lambda")]}}
    with pytest.raises(ValueError, match="potential risk of arbitrary code execution"):
        legacy_config.deserialize_model(model_config)
    model = legacy_config.deserialize_model(model_config, safe_mode=False)
    np.testing.assert_array_equal(model.predict(np.ones((1, 2), "float32"), verbose=0), [[3, 3]])


def test_keras2_lambda_of_a_named_function():
    layer = kerastorch.layers.deserialize(legacy_config.model_config_from_legacy(
        _lambda_config("relu", "function")))
    np.testing.assert_array_equal(layer(np.array([[-1.0, 2.0]], "float32")).numpy(), [[0, 2]])


def _training_config(**overrides):
    return {"loss": "mse", "metrics": None, "weighted_metrics": None, "loss_weights": None,
            "optimizer_config": {"class_name": "Custom>Adam", "config": {
                "name": "Adam", "lr": 0.5, "decay": 0.0, "jit_compile": False,
                "is_legacy_optimizer": False}}, **overrides}


def test_keras2_optimizer_names_and_arguments():
    args = legacy_config.compile_args_from_training_config(_training_config())
    assert type(args["optimizer"]).__name__ == "Adam"
    assert float(args["optimizer"].learning_rate) == 0.5
    config = _training_config()
    config["optimizer_config"]["config"]["decay"] = 0.1
    with pytest.warns(UserWarning, match="`decay` is no longer supported"):
        legacy_config.compile_args_from_training_config(config)


def test_keras2_losses_and_metrics():
    config = _training_config(
        loss={"out_a": {"class_name": "MeanSquaredError",
                        "config": {"reduction": "auto", "name": "mse", "fn": "mean_squared_error"}},
              "out_b": "binary_crossentropy"},
        metrics=[["acc", {"class_name": "MeanMetricWrapper", "config": {
            "name": "mae", "dtype": "float32", "fn": "mean_absolute_error"}}], ["ce"]])
    args = legacy_config.compile_args_from_training_config(config, num_outputs=2)
    assert args["loss"]["out_a"].get_config()["reduction"] == "sum_over_batch_size"
    assert args["loss"]["out_b"] == "binary_crossentropy"
    assert args["metrics"][0][0] == "acc" and args["metrics"][1] == ["ce"]
    wrapper = args["metrics"][0][1]
    assert wrapper.name == "mae"
    wrapper.update_state(np.zeros((2, 1), "float32"), np.ones((2, 1), "float32"))
    assert float(wrapper.result()) == 1.0
    single = legacy_config.compile_args_from_training_config(
        _training_config(metrics=[["accuracy"]]))
    assert single["metrics"] == ["accuracy"]
