"""Layers: activations."""
