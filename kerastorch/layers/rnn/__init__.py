"""Layers: recurrent."""
