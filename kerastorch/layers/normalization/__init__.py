"""Layers: normalization."""
