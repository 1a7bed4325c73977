"""Unit tests of `kerastorch.Variable` as a torch tensor: modules, optimizers, copies, devices."""

import copy
import pickle

import numpy as np
import pytest
import torch

import kerastorch
from kerastorch.backend import device


def test_it_is_a_parameter_and_a_keras_parameter():
    variable = kerastorch.Variable(np.ones(3, "float32"))
    assert isinstance(variable, torch.nn.Parameter)
    assert isinstance(variable, kerastorch.backend.keras_parameter.KerasParameter)
    assert variable.value is variable
    assert variable.device == kerastorch.backend.get_device()


def test_torch_functions_take_it_and_return_plain_tensors():
    variable = kerastorch.Variable(np.arange(3, dtype="float32"))
    for result in (torch.stack([variable, variable]), torch.cat([variable, variable]),
                   torch.nn.functional.relu(variable), variable.clone(), variable.detach()):
        assert type(result) is torch.Tensor


def test_module_attribute_registers_it():
    module = torch.nn.Module()
    module.scale = kerastorch.Variable(np.ones(2, "float32"), name="scale")
    assert list(dict(module.named_parameters())) == ["scale"]
    state = module.state_dict()
    assert type(state["scale"]) is torch.Tensor
    clone = copy.deepcopy(module)
    assert type(clone.scale) is kerastorch.Variable and clone.scale.name == "scale"
    assert clone.scale is not module.scale


def test_torch_optimizer_trains_it():
    variable = kerastorch.Variable(np.array([3.0, -2.0], "float32"))
    optimizer = torch.optim.SGD([variable], lr=0.25)
    for _ in range(2):
        optimizer.zero_grad()
        (variable ** 2).sum().backward()
        optimizer.step()
    np.testing.assert_allclose(variable.numpy(), [0.75, -0.5])


def test_non_float_variables_never_require_grad():
    variable = kerastorch.Variable([1, 2])
    assert variable.trainable and not variable.requires_grad
    variable.trainable = True
    assert not variable.requires_grad


def test_non_trainable_variables_get_no_gradient():
    variable = kerastorch.Variable(np.ones(2, "float32"), trainable=False)
    assert not variable.requires_grad
    assert (variable * 2).grad_fn is None


def test_assign_keeps_the_storage_and_needs_no_grad_mode():
    variable = kerastorch.Variable(np.zeros(3, "float32"))
    pointer = variable.data_ptr()
    variable.assign(np.ones(3))
    variable.assign_add(torch.full((3,), 2.0))
    variable.assign_sub(1)
    assert variable.data_ptr() == pointer
    assert variable.numpy().tolist() == [2.0, 2.0, 2.0]
    assert variable.requires_grad and variable.grad_fn is None


def test_assign_accepts_another_variable():
    source = kerastorch.Variable(np.full(2, 5.0, "float32"))
    target = kerastorch.Variable(np.zeros(2, "float32"))
    target.assign(source)
    source.assign_add(1.0)
    assert target.numpy().tolist() == [5.0, 5.0]


def test_pickle_keeps_class_gradient_flag_and_attributes():
    variable = kerastorch.Variable(np.ones(2, "float32"), name="w", synchronization="on_read")
    variable.constraint = abs
    clone = pickle.loads(pickle.dumps(variable))
    assert type(clone) is kerastorch.Variable
    assert (clone.name, clone.path, clone.synchronization, clone.constraint) == (
        "w", "w", "on_read", abs)
    assert clone.requires_grad


def test_initializers_receive_the_shape_and_dtype():
    calls = []

    def initializer(shape, dtype):
        calls.append((shape, dtype))
        return np.zeros(shape)

    variable = kerastorch.Variable(initializer, shape=[2, np.int64(3)], dtype="bfloat16")
    assert calls == [((2, 3), "bfloat16")]
    assert variable.dtype == torch.bfloat16 and variable.shape == (2, 3)


@pytest.mark.parametrize("shape, message", [
    (3, "Cannot convert '3' to a shape."),
    ((2, -1), "Cannot convert '(2, -1)' to a shape."),
    ((2.0,), "Cannot convert '(2.0,)' to a shape."),
])
def test_invalid_shapes(shape, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        kerastorch.Variable("zeros", shape=shape)


def test_variables_follow_the_compute_device():
    saved = device._DEVICE
    try:
        kerastorch.backend.set_device("meta")
        variable = kerastorch.Variable("zeros", shape=(2,))
        assert variable.device.type == "meta"
    finally:
        device._DEVICE = saved


def test_no_host_synchronisation_in_updates():
    if not torch.cuda.is_available():
        pytest.skip("Host synchronisation is only observable on CUDA.")
    variable = kerastorch.Variable(np.zeros(3, "float32"))
    variable.data = variable.data.cuda()
    update = torch.ones(3, device="cuda")
    torch.cuda.set_sync_debug_mode("error")
    try:
        variable.assign(update)
        variable.assign_add(update)
        variable.assign_sub(0.5)
        variable.assign_add(2)
    finally:
        torch.cuda.set_sync_debug_mode("default")
    assert variable.numpy().tolist() == [3.5, 3.5, 3.5]
