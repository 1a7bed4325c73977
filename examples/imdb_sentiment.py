"""Bidirectional LSTM on IMDB-like movie reviews: the keras.io example's model.

The keras.io example "Bidirectional LSTM on IMDB" (fchollet,
https://keras.io/examples/nlp/bidirectional_lstm_imdb/): an Embedding, two
stacked `Bidirectional(LSTM(64))` layers (the first returning sequences) and
a sigmoid unit, trained with Adam on binary crossentropy. keras.io trains on
the IMDB dataset (`keras.datasets.imdb`); kerastorch has no datasets but
MNIST, so this script makes IMDB-like reviews on the spot instead: integer
word ids (1 starts a review, 2 is out-of-vocabulary, as in the dataset)
drawn from a Zipf-like vocabulary, where positive reviews use words of a
"positive" set more often and negative ones words of a "negative" set,
pre-padded with 0 to `maxlen` like `pad_sequences`.

Run it with `python examples/imdb_sentiment.py` (keras.io's sizes: a 20,000
word vocabulary, reviews cut at 200 words, 25,000 training and 25,000
validation reviews, 2 epochs). `main()` takes smaller sizes for a quick run.
"""

import numpy as np

import kerastorch as keras
from kerastorch import layers

SENTIMENT_WORDS = 50  # words of each polarity, among the frequent ones


def make_reviews(num_reviews, max_features, maxlen, rng):
    """IMDB-like reviews (word ids, pre-padded with 0 to `maxlen`) and 0/1 labels."""
    labels = rng.integers(0, 2, size=num_reviews)
    words = np.arange(3, max_features)
    frequencies = 1.0 / np.arange(1, len(words) + 1)  # Zipf's law
    frequencies /= frequencies.sum()
    positive_words = words[10:10 + SENTIMENT_WORDS]
    negative_words = words[10 + SENTIMENT_WORDS:10 + 2 * SENTIMENT_WORDS]
    reviews = np.zeros((num_reviews, maxlen), dtype="int32")
    for i, label in enumerate(labels):
        length = rng.integers(maxlen // 4, maxlen)
        review = rng.choice(words, size=length, p=frequencies)
        # About one word in six carries the review's sentiment; one in twenty
        # the opposite one, as reviews mix praise and criticism.
        polar = rng.random(length)
        own, other = (positive_words, negative_words) if label else (negative_words,
                                                                      positive_words)
        review = np.where(polar < 1 / 6, rng.choice(own, size=length), review)
        review = np.where(polar > 1 - 1 / 20, rng.choice(other, size=length), review)
        reviews[i, maxlen - length - 1] = 1  # the dataset's start-of-review mark
        reviews[i, maxlen - length:] = review
    return reviews, labels


def main(max_features=20000, maxlen=200, train_size=25000, val_size=25000, epochs=2,
         units=64, embedding_dim=128, seed=1337):
    # max_features: only consider the top 20k words
    # maxlen: only consider the first 200 words of each movie review

    # Input for variable-length sequences of integers
    inputs = keras.Input(shape=(None,), dtype="int32")
    # Embed each integer in a 128-dimensional vector
    x = layers.Embedding(max_features, embedding_dim)(inputs)
    # Add 2 bidirectional LSTMs
    x = layers.Bidirectional(layers.LSTM(units, return_sequences=True))(x)
    x = layers.Bidirectional(layers.LSTM(units))(x)
    # Add a classifier
    outputs = layers.Dense(1, activation="sigmoid")(x)
    model = keras.Model(inputs, outputs)
    model.summary()

    rng = np.random.default_rng(seed)
    x_train, y_train = make_reviews(train_size, max_features, maxlen, rng)
    x_val, y_val = make_reviews(val_size, max_features, maxlen, rng)
    print(len(x_train), "Training sequences")
    print(len(x_val), "Validation sequences")

    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    history = model.fit(x_train, y_train, batch_size=32, epochs=epochs,
                        validation_data=(x_val, y_val))
    return history


if __name__ == "__main__":
    main()
