"""Registration, custom-object scopes and look-ups (`keras.saving`)."""

import pytest

import kerastorch
from kerastorch.saving import object_registration
from kerastorch.saving.serialization_lib import deserialize_keras_object, serialize_keras_object


@pytest.fixture(autouse=True)
def clean_registry():
    objects = dict(object_registration._GLOBAL_CUSTOM_OBJECTS)
    names = dict(object_registration._GLOBAL_CUSTOM_NAMES)
    yield
    object_registration._GLOBAL_CUSTOM_OBJECTS.clear()
    object_registration._GLOBAL_CUSTOM_OBJECTS.update(objects)
    object_registration._GLOBAL_CUSTOM_NAMES.clear()
    object_registration._GLOBAL_CUSTOM_NAMES.update(names)


class Scaled(kerastorch.layers.Dense):
    pass


def halve(x):
    return x / 2


def test_registered_names_and_objects():
    kerastorch.saving.register_keras_serializable("pkg")(Scaled)
    kerastorch.utils.register_keras_serializable("pkg", name="half")(halve)
    assert kerastorch.saving.get_registered_name(Scaled) == "pkg>Scaled"
    assert kerastorch.saving.get_registered_name(halve) == "pkg>half"
    assert kerastorch.saving.get_registered_object("pkg>Scaled") is Scaled
    assert kerastorch.utils.get_registered_object("pkg>half") is halve
    assert kerastorch.saving.get_custom_objects()["pkg>Scaled"] is Scaled
    assert kerastorch.saving.get_registered_name(Scaled(2)) == "pkg>Scaled"


def test_unregistered_objects():
    assert kerastorch.saving.get_registered_name(halve) == "halve"
    assert kerastorch.saving.get_registered_object("halve") is None
    assert kerastorch.saving.get_registered_object("halve", custom_objects={"halve": halve}) \
        is halve
    assert kerastorch.saving.get_registered_object("h", module_objects={"h": halve}) is halve


def test_scopes_nest_merge_and_restore():
    assert kerastorch.saving.CustomObjectScope is kerastorch.saving.custom_object_scope
    with kerastorch.saving.custom_object_scope({"Scaled": Scaled}) as scope:
        assert isinstance(scope, kerastorch.utils.CustomObjectScope)
        with kerastorch.utils.custom_object_scope({"halve": halve}, {"h": halve}):
            assert kerastorch.saving.get_registered_object("Scaled") is Scaled
            assert kerastorch.saving.get_registered_object("h") is halve
        assert kerastorch.saving.get_registered_object("halve") is None
        assert kerastorch.saving.get_registered_object("Scaled") is Scaled
    assert kerastorch.saving.get_registered_object("Scaled") is None
    assert "Scaled" not in kerastorch.saving.get_custom_objects()


def test_scope_objects_win_over_the_registry():
    kerastorch.saving.get_custom_objects()["thing"] = Scaled
    with kerastorch.saving.custom_object_scope({"thing": halve}):
        assert kerastorch.saving.get_registered_object("thing") is halve
    assert kerastorch.saving.get_registered_object("thing") is Scaled


def test_scope_reaches_nested_from_config_calls():
    layer = kerastorch.layers.Dense(2, activation=halve)
    config = serialize_keras_object(layer)
    with pytest.raises(TypeError, match="Could not locate function 'halve'"):
        deserialize_keras_object(config)
    with kerastorch.saving.custom_object_scope({"halve": halve}):
        assert deserialize_keras_object(config).activation is halve
    # `custom_objects` of the outer call reach the layer's own `from_config` too.
    assert deserialize_keras_object(config, custom_objects={"halve": halve}).activation is halve
