"""Loss functions and their gradients.

Introduced in chapter 1: ``cross_entropy`` and ``cross_entropy_grad``;
in chapter 2: ``logistic_loss`` and ``logistic_loss_grad``;
in chapter 3: ``hinge``, ``multiclass_hinge`` and ``multiclass_hinge_grad``.
"""

import numpy as np

from ._validation import as_float_array, as_labels, as_logits
from .activations import _log_sigmoid, _log_softmax, _sigmoid, _softmax


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
    y = as_labels(labels, z.shape[:1], n_classes=z.shape[1], rows_of="the logits")
    return _cross_entropy(z, y)


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
    y = as_labels(labels, z.shape[:1], n_classes=z.shape[1], rows_of="the logits")
    return _cross_entropy_grad(z, y)


# Kernels for validated inputs (z: float (n, k), y: int64 (n,) in range); the public
# functions validate once, and the training loops of helpers.linear call these directly.

def _cross_entropy(z, y):
    losses = -_log_softmax(z, axis=1)[np.arange(len(y)), y]
    return losses + 0.0  # adding 0.0 turns the -0.0 of a perfect fit into 0.0


def _cross_entropy_grad(z, y):
    grad = _softmax(z, axis=1)                 # p = softmax(z) ...
    grad[np.arange(len(y)), y] -= 1            # ... minus the one-hot target
    return grad


def _logits_and_binary_labels(logits, labels):
    s = as_float_array(logits, "logits")
    if s.ndim == 2 and s.shape[1] == 1:
        s = s[:, 0]
    if s.ndim != 1 or s.size == 0:
        raise ValueError(f"logits must be a non-empty 1-D array (one logit per sample), got shape {s.shape}")
    y = as_labels(labels, s.shape, n_classes=2, rows_of="the logits")
    return s, y


def logistic_loss(logits, labels):
    """Binary cross-entropy of each sample, from its logit, computed stably.

    Introduced in chapter 2.

    Parameters
    ----------
    logits : array_like, shape (n,) or (n, 1)
        Real logits ``s = x . w + b``; the model says ``P(y = 1) = sigmoid(s)``.
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
    s, y = _logits_and_binary_labels(logits, labels)
    return _logistic_loss(s, y)


def logistic_loss_grad(logits, labels):
    """Derivative of each sample's :func:`logistic_loss` with respect to its logit.

    Introduced in chapter 2.

    Parameters
    ----------
    logits : array_like, shape (n,) or (n, 1)
        Real logits ``s = x . w + b``, as in :func:`logistic_loss`.
    labels : array_like of int, shape (n,) or (n, 1)
        0 or 1.

    Returns
    -------
    ndarray, shape (n,)
        ``sigmoid(s) - y``: the same "prediction minus target" as softmax cross-entropy.

    Examples
    --------
    >>> logistic_loss_grad([0.0], [1]).tolist()
    [-0.5]
    """
    s, y = _logits_and_binary_labels(logits, labels)
    return _logistic_loss_grad(s, y)


def _logistic_loss(s, y):
    # 1 - sigmoid(s) = sigmoid(-s): each sample's loss is -log sigmoid(+-s)
    losses = -_log_sigmoid(np.where(y == 1, s, -s))
    return losses + 0.0  # adding 0.0 turns the -0.0 of a perfect fit into 0.0


def _logistic_loss_grad(s, y):
    return _sigmoid(s) - y.astype(s.dtype)


HINGE_VARIANTS = ("weston-watkins", "crammer-singer")


def hinge(margins):
    """Binary hinge loss ``max(0, 1 - m)`` of each margin ``m = y * s`` (``s = w . x + b``, y in {-1, +1}).

    Introduced in chapter 3.

    Parameters
    ----------
    margins : array_like
        Any shape.

    Returns
    -------
    ndarray
        Same shape; exactly 0 wherever the margin is at least 1.

    Examples
    --------
    >>> hinge([-1.0, 0.0, 0.5, 1.0, 3.0]).tolist()
    [2.0, 1.0, 0.5, 0.0, 0.0]
    """
    m = as_float_array(margins, "margins")
    return np.maximum(0.0, 1.0 - m)


def _hinge_inputs(scores, labels, delta, variant):
    z = as_logits(scores, "scores", ndim=2)
    if z.shape[1] < 2:
        raise ValueError(f"scores must have at least 2 classes (columns), got shape {z.shape}")
    y = as_labels(labels, z.shape[:1], n_classes=z.shape[1], rows_of="the scores")
    if isinstance(delta, bool) or not isinstance(delta, (int, float, np.integer, np.floating)):
        raise TypeError(f"delta must be a number, got {delta!r}")
    if not np.isfinite(delta) or delta < 0:
        raise ValueError(f"delta must be a finite number >= 0 (the required margin), got {delta!r}")
    if variant not in HINGE_VARIANTS:
        raise ValueError(f"variant must be one of {HINGE_VARIANTS}, got {variant!r}")
    rows = np.arange(z.shape[0])
    # margins[i, j] = z_j - z_y + delta; the true class's own entry is excluded (set to -inf).
    margins = z - z[rows, y][:, None] + delta
    margins[rows, y] = -np.inf
    return z, y, rows, margins


def multiclass_hinge(scores, labels, delta=1.0, variant="weston-watkins"):
    """Multiclass SVM (hinge) loss of each sample.

    Introduced in chapter 3.

    Parameters
    ----------
    scores : array_like, shape (n, k)
        Class scores, one row per sample, k >= 2.
    labels : array_like of int, shape (n,) or (n, 1)
        True classes in ``[0, k)``.
    delta : float, default 1.0
        The margin the true class must win by; must be >= 0.
    variant : {"weston-watkins", "crammer-singer"}
        ``"weston-watkins"`` (CS231n's SVM loss): ``sum_{j != y} max(0, z_j - z_y + delta)``,
        every class that comes within ``delta`` of the true one pays.
        ``"crammer-singer"``: ``max(0, delta + max_{j != y} z_j - z_y)``, only the strongest
        rival pays; with ``delta = 1`` its mean is ``sklearn.metrics.hinge_loss``.

    Returns
    -------
    ndarray, shape (n,)

    Examples
    --------
    >>> multiclass_hinge([[3.2, 5.1, -1.7]], [0]).round(6).tolist()
    [2.9]
    """
    _, _, _, margins = _hinge_inputs(scores, labels, delta, variant)
    if variant == "weston-watkins":
        return np.maximum(0.0, margins).sum(axis=1)
    return np.maximum(0.0, margins.max(axis=1))


def multiclass_hinge_grad(scores, labels, delta=1.0, variant="weston-watkins"):
    """A subgradient of :func:`multiclass_hinge` with respect to each sample's scores.

    Introduced in chapter 3.

    Parameters
    ----------
    scores : array_like, shape (n, k)
        Class scores, one row per sample, k >= 2.
    labels : array_like of int, shape (n,) or (n, 1)
        True classes in ``[0, k)``.
    delta : float, default 1.0
        The margin the true class must win by; must be >= 0.
    variant : {"weston-watkins", "crammer-singer"}
        Which multiclass hinge, as in :func:`multiclass_hinge`.

    Returns
    -------
    ndarray, shape (n, k)
        Weston-Watkins: 1 for every rival j with ``z_j - z_y + delta > 0``, and minus their
        count at the true class. Crammer-Singer: +1 at the strongest rival and -1 at the true
        class when the loss is positive, else 0. Exactly at a kink (a term equal to 0) the
        function has no derivative; this returns the one-sided value that treats the term as
        inactive (and the first of tied rivals), a valid subgradient.

    Examples
    --------
    >>> multiclass_hinge_grad([[3.2, 5.1, -1.7]], [0]).tolist()
    [[-1.0, 1.0, 0.0]]
    """
    z, y, rows, margins = _hinge_inputs(scores, labels, delta, variant)
    grad = np.zeros_like(z)
    if variant == "weston-watkins":
        grad[margins > 0] = 1.0
        grad[rows, y] = -grad.sum(axis=1) + 0.0  # + 0.0: a satisfied sample shows 0, not -0.0
    else:
        rival = margins.argmax(axis=1)
        active = margins[rows, rival] > 0
        grad[rows[active], rival[active]] = 1.0
        grad[rows[active], y[active]] = -1.0
    return grad
