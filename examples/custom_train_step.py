"""Customizing what happens in `fit()` with PyTorch, on kerastorch.

The ideas of the keras.io guide "Customizing what happens in fit() with
PyTorch" (https://keras.io/guides/custom_train_step_in_torch/), written for
kerastorch: keep `fit()` (callbacks, progress bar, metrics) and override the
step it runs.

1. `CustomModel` overrides `train_step`: forward pass, `compute_loss` (the
   loss given to `compile()`), `loss.backward()`, `optimizer.apply`, then
   the compiled metrics.
2. `LowLevelModel` skips `compile()`'s loss and metrics: it keeps its own
   loss function and metric trackers and lists them in `metrics`, so `fit()`
   resets them each epoch.
3. `WeightedModel` passes `sample_weight` (from `fit(sample_weight=...)`) to
   the loss and the metrics.
4. `EvaluatingModel` overrides `test_step`, which `evaluate()` runs.
5. `GAN`: a generator and a discriminator trained in one `train_step`, each
   by its own optimizer, on batches from a torch `DataLoader`.

Everything trains on small synthetic data (no download). Run it with
`python examples/custom_train_step.py`.
"""

import numpy as np
import torch

import kerastorch as keras
from kerastorch import layers


# --------------------------------------------------------------------------
# 1. A first simple example: `train_step` with `compute_loss` and the
#    compiled metrics.
class CustomModel(keras.Model):
    def train_step(self, data):
        # `data` is what `fit()` gets per batch: here `(x, y)`.
        x, y = data

        # Clear the gradients left by the previous step.
        self.zero_grad()

        # Forward pass, then the loss configured in `compile()`.
        y_pred = self(x, training=True)
        loss = self.compute_loss(y=y, y_pred=y_pred)

        # Gradients of the loss, then one optimizer update.
        loss.backward()
        trainable_weights = [v for v in self.trainable_weights]
        gradients = [v.value.grad for v in trainable_weights]
        with torch.no_grad():
            self.optimizer.apply(gradients, trainable_weights)

        # Update the metrics (the loss tracker and the compiled metrics).
        for metric in self.metrics:
            if metric.name == "loss":
                metric.update_state(loss)
            else:
                metric.update_state(y, y_pred)

        # A dict metric name -> current value, for the progress bar and callbacks.
        return {m.name: m.result() for m in self.metrics}


def regression_model(model_class, input_dim=32):
    """`model_class` (a `keras.Model` subclass) on the functional graph Input -> Dense(1)."""
    inputs = keras.Input(shape=(input_dim,))
    outputs = layers.Dense(1)(inputs)
    return model_class(inputs, outputs)


def regression_data(samples=1000, input_dim=32, seed=0):
    """Random inputs and a noisy linear target."""
    rng = np.random.default_rng(seed)
    x = rng.random((samples, input_dim), dtype=np.float32)
    w = rng.normal(size=(input_dim, 1)).astype("float32")
    y = x @ w / np.sqrt(input_dim) + 0.1 * rng.normal(size=(samples, 1)).astype("float32")
    return x, y


def train_custom_model(model, x, y, epochs=3, **fit_kwargs):
    model.compile(optimizer="adam", loss="mse", metrics=["mae"])
    return model.fit(x, y, epochs=epochs, **fit_kwargs)


# --------------------------------------------------------------------------
# 2. Going lower-level: no loss or metrics in `compile()`; the model keeps
#    its own loss function and metric trackers.
class LowLevelModel(keras.Model):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.loss_tracker = keras.metrics.Mean(name="loss")
        self.mae_metric = keras.metrics.MeanAbsoluteError(name="mae")
        self.loss_fn = keras.losses.MeanSquaredError()

    def train_step(self, data):
        x, y = data
        self.zero_grad()
        y_pred = self(x, training=True)
        loss = self.loss_fn(y, y_pred)
        loss.backward()
        trainable_weights = [v for v in self.trainable_weights]
        gradients = [v.value.grad for v in trainable_weights]
        with torch.no_grad():
            self.optimizer.apply(gradients, trainable_weights)

        # Our own metrics.
        self.loss_tracker.update_state(loss)
        self.mae_metric.update_state(y, y_pred)
        return {"loss": self.loss_tracker.result(), "mae": self.mae_metric.result()}

    @property
    def metrics(self):
        # Listed here, the trackers are reset by `fit()` at the start of each
        # epoch (and by `evaluate()`); otherwise call `reset_state()` yourself.
        return [self.loss_tracker, self.mae_metric]


def train_low_level_model(model, x, y, epochs=3, **fit_kwargs):
    model.compile(optimizer="adam")  # No loss or metrics: the model has its own.
    return model.fit(x, y, epochs=epochs, **fit_kwargs)


# --------------------------------------------------------------------------
# 3. Supporting `sample_weight` (and so `class_weight`, which `fit()` turns
#    into sample weights).
class WeightedModel(keras.Model):
    def train_step(self, data):
        # A third element is there when `fit()` was given sample weights.
        if len(data) == 3:
            x, y, sample_weight = data
        else:
            sample_weight = None
            x, y = data

        self.zero_grad()
        y_pred = self(x, training=True)
        loss = self.compute_loss(y=y, y_pred=y_pred, sample_weight=sample_weight)
        loss.backward()
        trainable_weights = [v for v in self.trainable_weights]
        gradients = [v.value.grad for v in trainable_weights]
        with torch.no_grad():
            self.optimizer.apply(gradients, trainable_weights)

        for metric in self.metrics:
            if metric.name == "loss":
                metric.update_state(loss)
            else:
                metric.update_state(y, y_pred, sample_weight=sample_weight)
        return {m.name: m.result() for m in self.metrics}


def train_weighted_model(model, x, y, epochs=3, **fit_kwargs):
    model.compile(optimizer="adam", loss="mse", metrics=["mae"])
    sample_weight = np.random.default_rng(1).random(len(y)).astype("float32")
    return model.fit(x, y, sample_weight=sample_weight, epochs=epochs, **fit_kwargs)


# --------------------------------------------------------------------------
# 4. Providing your own evaluation step.
class EvaluatingModel(keras.Model):
    def test_step(self, data):
        x, y = data
        y_pred = self(x, training=False)
        loss = self.compute_loss(y=y, y_pred=y_pred)
        for metric in self.metrics:
            if metric.name == "loss":
                metric.update_state(loss)
            else:
                metric.update_state(y, y_pred)
        return {m.name: m.result() for m in self.metrics}


def evaluate_model(model, x, y, **evaluate_kwargs):
    model.compile(loss="mse", metrics=["mae"])
    return model.evaluate(x, y, **evaluate_kwargs)


# --------------------------------------------------------------------------
# 5. Wrapping up: an end-to-end GAN.
def build_discriminator(image_shape=(28, 28, 1), width=64):
    """Images -> one logit "real or fake" (the guide's: two strided convolutions)."""
    return keras.Sequential(
        [
            keras.Input(shape=image_shape),
            layers.Conv2D(width, (3, 3), strides=(2, 2), padding="same"),
            layers.LeakyReLU(negative_slope=0.2),
            layers.Conv2D(2 * width, (3, 3), strides=(2, 2), padding="same"),
            layers.LeakyReLU(negative_slope=0.2),
            layers.GlobalMaxPooling2D(),
            layers.Dense(1),
        ],
        name="discriminator",
    )


def build_generator(latent_dim=128, width=128):
    """Latent vectors -> 28x28x1 images in [0, 1] (7x7 features, upsampled twice)."""
    return keras.Sequential(
        [
            keras.Input(shape=(latent_dim,)),
            layers.Dense(7 * 7 * width),
            layers.LeakyReLU(negative_slope=0.2),
            layers.Reshape((7, 7, width)),
            layers.Conv2DTranspose(width, (4, 4), strides=(2, 2), padding="same"),
            layers.LeakyReLU(negative_slope=0.2),
            layers.Conv2DTranspose(width, (4, 4), strides=(2, 2), padding="same"),
            layers.LeakyReLU(negative_slope=0.2),
            layers.Conv2D(1, (7, 7), padding="same", activation="sigmoid"),
        ],
        name="generator",
    )


class GAN(keras.Model):
    def __init__(self, discriminator, generator, latent_dim):
        super().__init__()
        self.discriminator = discriminator
        self.generator = generator
        self.latent_dim = latent_dim
        self.d_loss_tracker = keras.metrics.Mean(name="d_loss")
        self.g_loss_tracker = keras.metrics.Mean(name="g_loss")
        self.seed_generator = keras.random.SeedGenerator(1337)
        self.built = True  # Its parts are built; the GAN itself has no `call`.

    @property
    def metrics(self):
        return [self.d_loss_tracker, self.g_loss_tracker]

    def compile(self, d_optimizer, g_optimizer, loss_fn):
        super().compile()
        self.d_optimizer = d_optimizer
        self.g_optimizer = g_optimizer
        self.loss_fn = loss_fn

    def train_step(self, real_images):
        if isinstance(real_images, (tuple, list)):
            real_images = real_images[0]  # The DataLoader yields (images, images).
        batch_size = real_images.shape[0]

        # Decode random points of the latent space into fake images.
        random_latent_vectors = keras.random.normal(
            shape=(batch_size, self.latent_dim), seed=self.seed_generator)
        generated_images = self.generator(random_latent_vectors)
        device = generated_images.device
        real_images = torch.as_tensor(real_images, device=device)

        # Fakes labelled 1, real images 0, with a little noise on the labels
        # (an important trick).
        combined_images = torch.concat([generated_images, real_images], dim=0)
        labels = torch.concat(
            [torch.ones((batch_size, 1), device=device),
             torch.zeros((batch_size, 1), device=device)], dim=0)
        labels = labels + 0.05 * keras.random.uniform(labels.shape, seed=self.seed_generator)

        # Train the discriminator.
        self.zero_grad()
        predictions = self.discriminator(combined_images)
        d_loss = self.loss_fn(labels, predictions)
        d_loss.backward()
        grads = [v.value.grad for v in self.discriminator.trainable_weights]
        with torch.no_grad():
            self.d_optimizer.apply(grads, self.discriminator.trainable_weights)

        # Train the generator to have its images called "real" (label 0),
        # without updating the discriminator.
        random_latent_vectors = keras.random.normal(
            shape=(batch_size, self.latent_dim), seed=self.seed_generator)
        misleading_labels = torch.zeros((batch_size, 1), device=device)
        self.zero_grad()
        predictions = self.discriminator(self.generator(random_latent_vectors))
        g_loss = self.loss_fn(misleading_labels, predictions)
        g_loss.backward()
        grads = [v.value.grad for v in self.generator.trainable_weights]
        with torch.no_grad():
            self.g_optimizer.apply(grads, self.generator.trainable_weights)

        self.d_loss_tracker.update_state(d_loss)
        self.g_loss_tracker.update_state(g_loss)
        return {"d_loss": self.d_loss_tracker.result(), "g_loss": self.g_loss_tracker.result()}


def digit_like_images(count=512, seed=0):
    """Synthetic 28x28x1 "digits" in [0, 1]: a bright stroke on a dark background."""
    rng = np.random.default_rng(seed)
    rows, cols = np.mgrid[0:28, 0:28]
    centers = rng.uniform(9, 19, size=(count, 2, 1, 1))
    angles = rng.uniform(0, np.pi, size=(count, 1, 1))
    # Distance of each pixel to a line through the center, limited to a segment.
    dy, dx = rows - centers[:, 0], cols - centers[:, 1]
    across = np.abs(dx * np.sin(angles) - dy * np.cos(angles))
    along = np.abs(dx * np.cos(angles) + dy * np.sin(angles))
    images = np.clip(1.5 - across, 0, 1) * (along < 8)
    return images.astype("float32")[..., None]


def image_dataloader(images, batch_size=64, shuffle=True):
    """A torch `DataLoader` of `(images, images)` batches, as the guide builds it."""
    tensor = torch.from_numpy(images)
    dataset = torch.utils.data.TensorDataset(tensor, tensor)
    return torch.utils.data.DataLoader(dataset, batch_size=batch_size, shuffle=shuffle)


def train_gan(gan, dataloader, epochs=1, **fit_kwargs):
    gan.compile(
        d_optimizer=keras.optimizers.Adam(learning_rate=0.0003),
        g_optimizer=keras.optimizers.Adam(learning_rate=0.0003),
        loss_fn=keras.losses.BinaryCrossentropy(from_logits=True),
    )
    return gan.fit(dataloader, epochs=epochs, **fit_kwargs)


def main(samples=1000, epochs=3, gan_images=512, gan_width=64):
    """Runs every section; returns `{section: History or evaluate() result}`."""
    x, y = regression_data(samples)
    results = {}
    print("1. train_step with compute_loss and the compiled metrics")
    results["custom"] = train_custom_model(regression_model(CustomModel), x, y, epochs)
    print("2. own loss function and metric trackers")
    results["low_level"] = train_low_level_model(regression_model(LowLevelModel), x, y, epochs)
    print("3. sample weights")
    results["weighted"] = train_weighted_model(regression_model(WeightedModel), x, y, epochs)
    print("4. a custom test_step")
    results["evaluate"] = evaluate_model(regression_model(EvaluatingModel), x, y)
    print("5. a GAN")
    latent_dim = 128
    gan = GAN(
        discriminator=build_discriminator(width=gan_width),
        generator=build_generator(latent_dim, width=2 * gan_width),
        latent_dim=latent_dim,
    )
    results["gan"] = train_gan(gan, image_dataloader(digit_like_images(gan_images)), epochs=1)
    return results


if __name__ == "__main__":
    main()
