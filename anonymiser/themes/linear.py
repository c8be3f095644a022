"""Logistic regression in numpy: one yes/no per theme, or one choice among the sentiment labels.

A linear model on a few thousand features trains in seconds, tags thousands
of texts a second on one core and gives the same weights for the same data
every time (weights start at zero and every step uses the whole data, so
there is nothing random to seed). Each example has a weight, which is how
real young people's words count for more than the written chat lines.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from anonymiser.themes.features import SparseRows

Array = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Fitting:
    """How hard to fit: L2 penalty per unit of example weight, Adam steps and step size."""

    l2: float = 1e-3
    steps: int = 300
    learn_rate: float = 0.1


@dataclass(frozen=True)
class LinearLayer:
    """Weights (features × outputs) and biases (outputs)."""

    weights: Array
    bias: Array

    def logits(self, rows: SparseRows) -> Array:
        """Return rows @ weights + bias."""
        return rows.dot(self.weights) + self.bias


def sigmoid(values: Array) -> Array:
    """Return the logistic function, computed without overflow."""
    return np.exp(-np.logaddexp(0.0, -values))


def softmax(values: Array) -> Array:
    """Return row-wise probabilities of logits."""
    shifted = values - values.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


def fit(
    rows: SparseRows,
    targets: Array,
    example_weights: Array,
    exclusive: bool,
    fitting: Fitting = Fitting(),
) -> LinearLayer:
    """Return the layer minimising weighted cross-entropy plus an L2 penalty.

    ``targets`` is texts × outputs of 0/1; ``exclusive`` means exactly one
    output is 1 per text (softmax), otherwise each output is its own yes/no.
    """
    outputs = targets.shape[1]
    columns = rows.transposed()
    weights = np.zeros((rows.width, outputs))
    bias = np.zeros(outputs)
    scale = example_weights / example_weights.sum()
    moments = [np.zeros_like(weights), np.zeros_like(weights), np.zeros(outputs), np.zeros(outputs)]
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    for step in range(1, fitting.steps + 1):
        logits = rows.dot(weights) + bias
        probs = softmax(logits) if exclusive else sigmoid(logits)
        error = (probs - targets) * scale[:, None]
        grad_w = columns.dot(error) + fitting.l2 * weights
        grad_b = error.sum(axis=0)
        for index, grad in ((0, grad_w), (2, grad_b)):
            moments[index] = beta1 * moments[index] + (1 - beta1) * grad
            moments[index + 1] = beta2 * moments[index + 1] + (1 - beta2) * grad * grad
        correction1, correction2 = 1 - beta1**step, 1 - beta2**step
        weights -= fitting.learn_rate * (moments[0] / correction1) / (np.sqrt(moments[1] / correction2) + eps)
        bias -= fitting.learn_rate * (moments[2] / correction1) / (np.sqrt(moments[3] / correction2) + eps)
    return LinearLayer(weights, bias)
