"""Keras 2 `Model` methods that old scripts call: deprecated aliases and clear errors.

`fit_generator`, `evaluate_generator` and `predict_generator` (removed in
Keras 3, where `fit` / `evaluate` / `predict` take generators) still run, with
a `DeprecationWarning` naming the method to use. `predict_classes` and
`predict_proba` (removed in Keras 2.6) raise an `AttributeError` that says
what to write instead.
"""

import warnings


class LegacyTrainerMethods:
    """The Keras 2 names of the training API (mixed into `Trainer`)."""

    def fit_generator(self, generator, steps_per_epoch=None, epochs=1, verbose=1,
                      callbacks=None, validation_data=None, validation_steps=None,
                      validation_freq=1, class_weight=None, max_queue_size=10, workers=1,
                      use_multiprocessing=False, shuffle=True, initial_epoch=0):
        """Deprecated (Keras 2): use `fit`, which takes generators and `PyDataset`s.

        Returns:
            The `History` of `fit`.
        """
        _warn_deprecated("fit_generator", "fit")
        _warn_ignored_parallelism(workers, use_multiprocessing, max_queue_size)
        return self.fit(generator, steps_per_epoch=steps_per_epoch, epochs=epochs,
                        verbose=verbose, callbacks=callbacks, validation_data=validation_data,
                        validation_steps=validation_steps, validation_freq=validation_freq,
                        class_weight=class_weight, shuffle=shuffle,
                        initial_epoch=initial_epoch)

    def evaluate_generator(self, generator, steps=None, callbacks=None, max_queue_size=10,
                           workers=1, use_multiprocessing=False, verbose=0):
        """Deprecated (Keras 2): use `evaluate`, which takes generators and `PyDataset`s.

        Returns:
            What `evaluate` returns.
        """
        _warn_deprecated("evaluate_generator", "evaluate")
        _warn_ignored_parallelism(workers, use_multiprocessing, max_queue_size)
        return self.evaluate(generator, steps=steps, callbacks=callbacks, verbose=verbose)

    def predict_generator(self, generator, steps=None, callbacks=None, max_queue_size=10,
                          workers=1, use_multiprocessing=False, verbose=0):
        """Deprecated (Keras 2): use `predict`, which takes generators and `PyDataset`s.

        Returns:
            What `predict` returns.
        """
        _warn_deprecated("predict_generator", "predict")
        _warn_ignored_parallelism(workers, use_multiprocessing, max_queue_size)
        return self.predict(generator, steps=steps, callbacks=callbacks, verbose=verbose)

    @property
    def predict_classes(self):
        """Removed in Keras 2.6: raises an `AttributeError` saying what to use."""
        raise AttributeError(
            "`model.predict_classes()` was removed in Keras 2.6. Instead use "
            "`np.argmax(model.predict(x), axis=-1)` if your model does multi-class "
            "classification (e.g. if it uses a `softmax` last-layer activation), or "
            "`(model.predict(x) > 0.5).astype('int32')` if your model does binary "
            "classification (e.g. if it uses a `sigmoid` last-layer activation)."
        )

    @property
    def predict_proba(self):
        """Removed in Keras 2.6: raises an `AttributeError` saying what to use."""
        raise AttributeError(
            "`model.predict_proba()` was removed in Keras 2.6. Use `model.predict()` "
            "instead: it returns the probabilities of a model whose last layer is a "
            "`softmax` or `sigmoid`."
        )


def _warn_deprecated(old, new):
    warnings.warn(
        f"`Model.{old}` is deprecated and was removed in Keras 3. Please use "
        f"`Model.{new}`, which supports generators and `keras.utils.PyDataset`.",
        DeprecationWarning, stacklevel=3)


def _warn_ignored_parallelism(workers, use_multiprocessing, max_queue_size):
    if (workers, use_multiprocessing, max_queue_size) != (1, False, 10):
        warnings.warn(
            "`workers`, `use_multiprocessing` and `max_queue_size` are ignored here: in "
            "Keras 3 they are arguments of your `keras.utils.PyDataset` "
            "(`super().__init__(workers=..., use_multiprocessing=..., "
            "max_queue_size=...)` in its constructor).", stacklevel=3)
