"""The `Example:` sections of the normalization, noise, activation and core layers run as shown."""

import doctest
import importlib

import pytest
import torch

import kerastorch

MODULES = [
    "activations.elu", "activations.leaky_relu", "activations.prelu", "activations.relu",
    "activations.softmax", "core.einsum_dense", "core.embedding", "core.masking",
    "core.wrapper", "normalization.batch_normalization", "normalization.group_normalization",
    "normalization.layer_normalization", "normalization.rms_normalization",
    "normalization.spectral_normalization", "normalization.unit_normalization",
    "regularization.activity_regularization", "regularization.alpha_dropout",
    "regularization.gaussian_dropout", "regularization.gaussian_noise",
    "regularization.spatial_dropout",
]


@pytest.mark.parametrize("module", MODULES)
def test_docstring_examples(module):
    result = doctest.testmod(importlib.import_module(f"kerastorch.layers.{module}"),
                             extraglobs={"torch": torch, "kerastorch": kerastorch},
                             optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0
