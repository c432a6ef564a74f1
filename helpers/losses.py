"""Loss functions and their gradients.

Introduced in chapter 1: ``cross_entropy`` and ``cross_entropy_grad``;
in chapter 2: ``logistic_loss`` and ``logistic_loss_grad``.
"""

import numpy as np

from ._validation import as_float_array, as_labels, as_logits
from .activations import log_sigmoid, log_softmax, sigmoid, softmax


def cross_entropy(logits, labels):
    """Softmax cross-entropy of each sample: ``-log softmax(logits)[i, labels[i]]``.

    Introduced in chapter 1.

    Parameters
    ----------
    logits : array_like, shape (n, k)
        Unnormalised class scores, one row per sample. Complex input is accepted for the
        complex-step derivative.
    labels : array_like of int, shape (n,) or (n, 1)
        The true class of each sample, in ``[0, k)``.

    Returns
    -------
    ndarray, shape (n,)
        One loss per sample (not averaged: take ``.mean()`` for the batch loss, and
        remember that its gradient then carries a factor ``1/n``).

    Notes
    -----
    Computed from :func:`helpers.activations.log_softmax`, never ``log(softmax)``, so
    large logits give finite losses.

    Examples
    --------
    >>> cross_entropy([[0.0, 0.0]], [1]).round(6).tolist()
    [0.693147]
    """
    z = as_logits(logits, "logits", ndim=2, allow_complex=True)
    y = as_labels(labels, z.shape[0], z.shape[1])
    return 0.0 - log_softmax(z, axis=1)[np.arange(z.shape[0]), y]  # 0.0 - x: no -0.0 for a perfect fit


def cross_entropy_grad(logits, labels):
    """Gradient of each sample's cross-entropy with respect to its own logits.

    Introduced in chapter 1.

    Parameters
    ----------
    logits : array_like, shape (n, k)
    labels : array_like of int, shape (n,) or (n, 1), values in ``[0, k)``

    Returns
    -------
    ndarray, shape (n, k)
        ``softmax(logits) - onehot(labels)``. Row i is the gradient of
        ``cross_entropy(logits, labels)[i]``; the gradient of the *mean* loss is this
        divided by n.

    Examples
    --------
    >>> cross_entropy_grad([[0.0, 0.0]], [1]).tolist()
    [[0.5, -0.5]]
    """
    z = as_logits(logits, "logits", ndim=2)
    y = as_labels(labels, z.shape[0], z.shape[1])
    grad = softmax(z, axis=1)
    grad[np.arange(z.shape[0]), y] -= 1
    return grad


def _scores_and_binary_labels(scores, labels):
    s = as_float_array(scores, "scores")
    if s.ndim == 2 and s.shape[1] == 1:
        s = s[:, 0]
    if s.ndim != 1 or s.size == 0:
        raise ValueError(f"scores must be a non-empty 1-D array (one score per sample), got shape {s.shape}")
    y = as_labels(labels, s.shape[0], 2)
    return s, y


def logistic_loss(scores, labels):
    """Binary cross-entropy of each sample, from its score (logit), computed stably.

    Introduced in chapter 2.

    Parameters
    ----------
    scores : array_like, shape (n,) or (n, 1)
        Real scores ``s = x . w + b``; the model says ``P(y = 1) = sigmoid(s)``.
    labels : array_like of int, shape (n,) or (n, 1)
        0 or 1.

    Returns
    -------
    ndarray, shape (n,)
        ``-(y log sigmoid(s) + (1 - y) log(1 - sigmoid(s)))``, computed as
        ``-log_sigmoid(s)`` for y = 1 and ``-log_sigmoid(-s)`` for y = 0 (since
        ``1 - sigmoid(s) = sigmoid(-s)``), so a confident mistake costs ``|s|``, not ``inf``.

    Examples
    --------
    >>> logistic_loss([0.0, -1000.0], [1, 1]).round(6).tolist()
    [0.693147, 1000.0]
    """
    s, y = _scores_and_binary_labels(scores, labels)
    return 0.0 - log_sigmoid(np.where(y == 1, s, -s))


def logistic_loss_grad(scores, labels):
    """Derivative of each sample's :func:`logistic_loss` with respect to its score.

    Introduced in chapter 2.

    Returns
    -------
    ndarray, shape (n,)
        ``sigmoid(s) - y``: the same "prediction minus target" as softmax cross-entropy.

    Examples
    --------
    >>> logistic_loss_grad([0.0], [1]).tolist()
    [-0.5]
    """
    s, y = _scores_and_binary_labels(scores, labels)
    return sigmoid(s) - y.astype(s.dtype)
