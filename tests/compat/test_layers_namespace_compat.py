"""Every public name of the reference `keras.layers` exists in `kerastorch.layers`.

Out of scope here (each has its own issue): recurrent layers
(`keras.src.layers.rnn`) and preprocessing layers
(`keras.src.layers.preprocessing`). Layers that wrap another backend's
models cannot exist on torch: JAX/Flax modules and TensorFlow SavedModels.
"""

import inspect

import keras

import kerastorch

OTHER_BACKENDS = {"JaxLayer", "FlaxLayer", "TFSMLayer"}
SEPARATE_WORK = ("keras.src.layers.rnn", "keras.src.layers.preprocessing")


def in_scope(name: str) -> bool:
    if name.startswith("_") or name in OTHER_BACKENDS:
        return False
    obj = getattr(keras.layers, name)
    module = obj.__module__ if inspect.isclass(obj) or inspect.isfunction(obj) else ""
    return not module.startswith(SEPARATE_WORK)


def test_no_keras_layer_is_missing():
    missing = [name for name in dir(keras.layers)
               if in_scope(name) and not hasattr(kerastorch.layers, name)]
    assert missing == []


def test_aliases_are_the_same_objects_as_in_keras():
    for name in dir(keras.layers):
        if not in_scope(name) or not hasattr(kerastorch.layers, name):
            continue
        keras_obj = getattr(keras.layers, name)
        if not inspect.isclass(keras_obj):
            continue
        twins = [other for other in dir(keras.layers)
                 if other != name and getattr(keras.layers, other) is keras_obj]
        for twin in twins:
            if hasattr(kerastorch.layers, twin):
                assert getattr(kerastorch.layers, twin) is getattr(kerastorch.layers, name), (
                    f"{twin} should be an alias of {name}"
                )
