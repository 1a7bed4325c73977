"""Runs `examples/imdb_sentiment.py`, the keras.io bidirectional LSTM, on a small budget."""

import importlib.util
import pathlib

import numpy as np

import kerastorch

EXAMPLE = pathlib.Path(__file__).resolve().parents[2] / "examples" / "imdb_sentiment.py"


def load_example():
    spec = importlib.util.spec_from_file_location("imdb_sentiment_example", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_reviews_look_like_padded_imdb_sequences():
    reviews, labels = load_example().make_reviews(200, 500, 30, np.random.default_rng(0))
    assert reviews.shape == (200, 30) and reviews.dtype == np.int32
    assert set(np.unique(labels)) == {0, 1}
    assert reviews.max() < 500 and reviews.min() == 0
    for review in reviews:
        start = np.flatnonzero(review == 1)[0]  # the start mark, after the padding
        assert not review[:start].any() and review[start + 1:].all()


def test_example_learns_the_sentiment(capsys):
    kerastorch.utils.set_random_seed(0)
    history = load_example().main(max_features=2000, maxlen=40, train_size=1000, val_size=500,
                                  epochs=3, units=16, embedding_dim=32)
    printed = capsys.readouterr().out
    assert "1000 Training sequences" in printed and "500 Validation sequences" in printed
    assert "bidirectional (Bidirectional)" in printed
    assert "bidirectional_1 (Bidirectional)" in printed
    assert sorted(history.history) == ["accuracy", "loss", "val_accuracy", "val_loss"]
    assert history.history["loss"][-1] < history.history["loss"][0]
    assert history.history["val_accuracy"][-1] > 0.7  # chance: 0.5


def test_example_model_counts_parameters_as_keras(capsys):
    example = load_example()
    kerastorch.utils.set_random_seed(0)
    example.main(train_size=32, val_size=32, maxlen=20, epochs=1)
    # keras.io's model at full size: Keras's summary shows these counts.
    printed = capsys.readouterr().out
    assert "Total params: 2,757,761" in printed
