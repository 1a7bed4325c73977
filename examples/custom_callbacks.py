"""Writing your own callbacks, on kerastorch.

The ideas of the keras.io guide "Writing your own callbacks"
(https://keras.io/guides/writing_your_own_callbacks/), written for
kerastorch. A callback is an object whose hooks `fit()`, `evaluate()` and
`predict()` call at the start and end of the run, of each epoch and of each
batch; it reaches the model as `self.model`.

1. `CustomCallback` prints every hook as it is called, with the keys of the
   `logs` it receives.
2. `LossAndErrorPrintingCallback` reads the loss and mean absolute error
   from `logs` after each batch and each epoch.
3. `EarlyStoppingAtMinLoss` stops training when the loss stops improving
   (after `patience` epochs) and restores the weights of the best epoch, with
   `self.model.stop_training` and `self.model.get_weights()` /
   `set_weights()`.
4. `CustomLearningRateScheduler` sets `self.model.optimizer.learning_rate`
   at the start of each epoch from a schedule.

Everything trains on small synthetic data (no download). Run it with
`python examples/custom_callbacks.py`.
"""

import numpy as np

import kerastorch as keras


def get_model(input_dim=784):
    """A linear regression model, compiled: Dense(1), SGD, mean squared error."""
    model = keras.Sequential([keras.Input(shape=(input_dim,)), keras.layers.Dense(1)])
    model.compile(
        optimizer=keras.optimizers.SGD(learning_rate=0.1),
        loss="mean_squared_error",
        metrics=["mean_absolute_error"],
    )
    return model


def digit_like_data(samples=1000, input_dim=784, seed=0):
    """MNIST-like inputs (sparse pixels in [0, 1]) and a class label 0-9 as the target."""
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 10, size=samples)
    # Each class lights its own pixels (plus noise), so the label is learnable.
    patterns = rng.random((10, input_dim)) < 0.1
    noise = rng.random((samples, input_dim)) < 0.03
    x = (patterns[labels] | noise) * rng.uniform(0.3, 0.6, size=(samples, input_dim))
    return x.astype("float32"), labels.astype("float32")


# --------------------------------------------------------------------------
# 1. Every hook, printed.
class CustomCallback(keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        print(f"Starting training; got log keys: {list(logs.keys())}")

    def on_train_end(self, logs=None):
        print(f"Stop training; got log keys: {list(logs.keys())}")

    def on_epoch_begin(self, epoch, logs=None):
        print(f"Start epoch {epoch} of training; got log keys: {list(logs.keys())}")

    def on_epoch_end(self, epoch, logs=None):
        print(f"End epoch {epoch} of training; got log keys: {list(logs.keys())}")

    def on_test_begin(self, logs=None):
        print(f"Start testing; got log keys: {list(logs.keys())}")

    def on_test_end(self, logs=None):
        print(f"Stop testing; got log keys: {list(logs.keys())}")

    def on_predict_begin(self, logs=None):
        print(f"Start predicting; got log keys: {list(logs.keys())}")

    def on_predict_end(self, logs=None):
        print(f"Stop predicting; got log keys: {list(logs.keys())}")

    def on_train_batch_begin(self, batch, logs=None):
        print(f"...Training: start of batch {batch}; got log keys: {list(logs.keys())}")

    def on_train_batch_end(self, batch, logs=None):
        print(f"...Training: end of batch {batch}; got log keys: {list(logs.keys())}")

    def on_test_batch_begin(self, batch, logs=None):
        print(f"...Evaluating: start of batch {batch}; got log keys: {list(logs.keys())}")

    def on_test_batch_end(self, batch, logs=None):
        print(f"...Evaluating: end of batch {batch}; got log keys: {list(logs.keys())}")

    def on_predict_batch_begin(self, batch, logs=None):
        print(f"...Predicting: start of batch {batch}; got log keys: {list(logs.keys())}")

    def on_predict_batch_end(self, batch, logs=None):
        print(f"...Predicting: end of batch {batch}; got log keys: {list(logs.keys())}")


def show_every_hook(model, x_train, y_train, x_test, y_test, **fit_kwargs):
    """`fit` (with validation), `evaluate` and `predict`, each with a `CustomCallback`."""
    model.fit(x_train, y_train, batch_size=128, epochs=1, verbose=0, validation_split=0.5,
              callbacks=[CustomCallback()], **fit_kwargs)
    model.evaluate(x_test, y_test, batch_size=128, verbose=0, callbacks=[CustomCallback()])
    return model.predict(x_test, batch_size=128, verbose=0, callbacks=[CustomCallback()])


# --------------------------------------------------------------------------
# 2. Reading `logs`.
class LossAndErrorPrintingCallback(keras.callbacks.Callback):
    def on_train_batch_end(self, batch, logs=None):
        print(f"Up to batch {batch}, the average loss is {logs['loss']:7.2f}.")

    def on_test_batch_end(self, batch, logs=None):
        print(f"Up to batch {batch}, the average loss is {logs['loss']:7.2f}.")

    def on_epoch_end(self, epoch, logs=None):
        print(f"The average loss for epoch {epoch} is {logs['loss']:7.2f} "
              f"and mean absolute error is {logs['mean_absolute_error']:7.2f}.")


def print_losses(model, x_train, y_train, x_test, y_test, **fit_kwargs):
    history = model.fit(x_train, y_train, batch_size=128, epochs=2, verbose=0,
                        callbacks=[LossAndErrorPrintingCallback()], **fit_kwargs)
    results = model.evaluate(x_test, y_test, batch_size=128, verbose=0,
                             callbacks=[LossAndErrorPrintingCallback()])
    return history, results


# --------------------------------------------------------------------------
# 3. Using `self.model`: early stopping at the minimum loss.
class EarlyStoppingAtMinLoss(keras.callbacks.Callback):
    """Stops training when the loss is at its minimum, i.e. stops decreasing.

    Args:
        patience: Number of epochs to wait after the minimum. After that many
            epochs without improvement, training stops and the weights of the
            best epoch are restored.
    """

    def __init__(self, patience=0):
        super().__init__()
        self.patience = patience
        self.best_weights = None  # The weights at the minimum.

    def on_train_begin(self, logs=None):
        self.wait = 0  # Epochs waited since the minimum.
        self.stopped_epoch = 0  # The epoch at which training stops.
        self.best = np.inf

    def on_epoch_end(self, epoch, logs=None):
        current = logs.get("loss")
        if np.less(current, self.best):
            self.best = current
            self.wait = 0
            self.best_weights = self.model.get_weights()
        else:
            self.wait += 1
            if self.wait >= self.patience:
                self.stopped_epoch = epoch
                self.model.stop_training = True
                print("Restoring model weights from the end of the best epoch.")
                self.model.set_weights(self.best_weights)

    def on_train_end(self, logs=None):
        if self.stopped_epoch > 0:
            print(f"Epoch {self.stopped_epoch + 1}: early stopping")


def train_with_early_stopping(model, x_train, y_train, epochs=30, patience=0, **fit_kwargs):
    early_stopping = EarlyStoppingAtMinLoss(patience)
    history = model.fit(x_train, y_train, batch_size=64, steps_per_epoch=5, epochs=epochs,
                        verbose=0, callbacks=[LossAndErrorPrintingCallback(), early_stopping],
                        **fit_kwargs)
    return history, early_stopping


# --------------------------------------------------------------------------
# 4. Changing the learning rate during training.
class CustomLearningRateScheduler(keras.callbacks.Callback):
    """Sets the learning rate from `schedule(epoch, lr)` at the start of each epoch.

    Args:
        schedule: A function of the epoch index (from 0) and the current
            learning rate that returns the new learning rate (a float).
    """

    def __init__(self, schedule):
        super().__init__()
        self.schedule = schedule

    def on_epoch_begin(self, epoch, logs=None):
        if not hasattr(self.model.optimizer, "learning_rate"):
            raise ValueError('Optimizer must have a "learning_rate" attribute.')
        lr = self.model.optimizer.learning_rate
        scheduled_lr = self.schedule(epoch, lr)
        self.model.optimizer.learning_rate = scheduled_lr
        print(f"\nEpoch {epoch}: Learning rate is {float(np.array(scheduled_lr)):6.4f}.")


LR_SCHEDULE = [
    # (epoch to start, learning rate)
    (3, 0.05),
    (6, 0.01),
    (9, 0.005),
    (12, 0.001),
]


def lr_schedule(epoch, lr):
    """The learning rate of `LR_SCHEDULE` for `epoch` (`lr` until its first entry)."""
    if epoch < LR_SCHEDULE[0][0] or epoch > LR_SCHEDULE[-1][0]:
        return lr
    for start, rate in LR_SCHEDULE:
        if epoch == start:
            return rate
    return lr


def train_with_lr_schedule(model, x_train, y_train, epochs=15, **fit_kwargs):
    return model.fit(x_train, y_train, batch_size=64, steps_per_epoch=5, epochs=epochs,
                     verbose=0, callbacks=[LossAndErrorPrintingCallback(),
                                           CustomLearningRateScheduler(lr_schedule)],
                     **fit_kwargs)


def main(samples=1000):
    """Runs every section on synthetic data; returns `{section: result}`."""
    x, y = digit_like_data(samples)
    split = samples * 4 // 5
    x_train, y_train, x_test, y_test = x[:split], y[:split], x[split:], y[split:]
    return {
        "hooks": show_every_hook(get_model(), x_train, y_train, x_test, y_test),
        "logs": print_losses(get_model(), x_train, y_train, x_test, y_test),
        "early_stopping": train_with_early_stopping(get_model(), x_train, y_train),
        "lr_schedule": train_with_lr_schedule(get_model(), x_train, y_train),
    }


if __name__ == "__main__":
    main()
