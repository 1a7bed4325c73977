"""Small datasets, loaded as Keras loads them (`keras.datasets`)."""

from kerastorch.datasets import mnist as mnist
