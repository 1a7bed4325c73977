"""Layers: reshaping."""
