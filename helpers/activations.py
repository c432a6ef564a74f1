"""Activation functions: sigmoid, log-sigmoid, softmax and log-softmax, numerically stable.

Introduced in chapter 1 (checking a softmax cross-entropy gradient numerically);
``log_sigmoid`` in chapter 2 (sigmoid or softmax?).
"""

import numpy as np

from ._validation import as_float_array, as_logits, normalize_axis


def sigmoid(z):
    """Logistic sigmoid ``1 / (1 + exp(-z))``, elementwise, without overflow.

    Introduced in chapter 1.

    Parameters
    ----------
    z : array_like
        Real numbers of any shape; ``+inf`` and ``-inf`` are allowed (they give 1 and 0).

    Returns
    -------
    ndarray or float
        Same shape as ``z``, values in [0, 1]. float32 input gives float32; integers give
        float64. A scalar in gives a NumPy scalar out.

    Notes
    -----
    ``exp(-z)`` overflows for z below about -709 (float64). Writing ``e = exp(-|z|)``,
    which lies in (0, 1], gives ``1 / (1 + e)`` for z >= 0 and ``e / (1 + e)`` for z < 0,
    and neither can overflow.

    Examples
    --------
    >>> float(sigmoid(0.0))
    0.5
    >>> sigmoid([-1e4, 1e4]).tolist()
    [0.0, 1.0]
    """
    z = as_float_array(z, "z", allow_inf=True, copy=False)
    return _scalar_if_0d(_sigmoid(z))


def log_sigmoid(z):
    """Logarithm of the sigmoid, ``log(1 / (1 + exp(-z)))``, finite for every finite z.

    Introduced in chapter 2.

    Parameters
    ----------
    z : array_like
        Real numbers of any shape (``-inf`` gives ``-inf``, ``+inf`` gives 0).

    Returns
    -------
    ndarray or float
        Same shape as ``z``, values in (-inf, 0]. float32 stays float32.

    Notes
    -----
    ``np.log(sigmoid(z))`` is ``-inf`` once ``sigmoid(z)`` underflows to 0 (z below
    about -745 in float64). Instead ``log sigmoid(z) = -softplus(-z)
    = min(z, 0) - log1p(exp(-|z|))``: the exponential lies in (0, 1], and ``log1p``
    keeps the digits of ``log(1 + tiny)``. Note ``log(1 - sigmoid(z)) = log_sigmoid(-z)``.

    Examples
    --------
    >>> float(log_sigmoid(-1000.0))
    -1000.0
    >>> round(float(log_sigmoid(0.0)), 6)
    -0.693147
    """
    z = as_float_array(z, "z", allow_inf=True, copy=False)
    return _scalar_if_0d(_log_sigmoid(z))


def log_softmax(z, axis=-1):
    """Logarithm of the softmax along ``axis``, computed by the log-sum-exp trick.

    Introduced in chapter 1.

    Parameters
    ----------
    z : array_like
        Logits of any shape with at least one dimension. Complex input is accepted so
        that the complex-step derivative works (chapter 1); the shift uses the real part.
    axis : int, default -1
        The class axis.

    Returns
    -------
    ndarray
        Same shape and dtype as ``z`` (integers become float64).

    Notes
    -----
    ``log(softmax(z))`` gives ``-inf`` once a probability underflows to 0. Instead,
    with ``m = max(z)``: ``log_softmax(z) = z - m - log(sum(exp(z - m)))``. The largest
    term of the sum is ``exp(0) = 1``, so the sum lies in [1, k] and its log is finite.

    Examples
    --------
    >>> np.round(log_softmax([0.0, 1000.0]), 6).tolist()
    [-1000.0, 0.0]
    """
    z = as_logits(z, "z", allow_complex=True)
    return _log_softmax(z, normalize_axis(axis, z.ndim))


def softmax(z, axis=-1):
    """Softmax along ``axis``: ``exp(z) / sum(exp(z))``, shifted by the max to avoid overflow.

    Introduced in chapter 1.

    Parameters
    ----------
    z : array_like
        Logits of any shape with at least one dimension (complex allowed, as in
        :func:`log_softmax`).
    axis : int, default -1
        The class axis: each slice along it sums to 1.

    Returns
    -------
    ndarray
        Same shape and dtype as ``z`` (integers become float64).

    Notes
    -----
    Softmax does not change when one constant is added to every logit, so subtracting
    the maximum changes nothing mathematically, but keeps every ``exp`` at most 1.

    Examples
    --------
    >>> softmax([1.0, 1.0]).tolist()
    [0.5, 0.5]
    """
    z = as_logits(z, "z", allow_complex=True)
    return _softmax(z, normalize_axis(axis, z.ndim))


# The kernels below take a validated float (or complex) ndarray and never check it: the
# public functions above validate once, and training loops call these directly.

def _sigmoid(z):
    e = np.exp(-np.abs(z))  # in (0, 1]: cannot overflow
    one = np.ones_like(e)  # not the Python float 1.0: NumPy 1.x would promote a float32 scalar to float64
    return np.where(z >= 0, one, e) / (one + e)


def _log_sigmoid(z):
    # log sigmoid(z) = -log(1 + exp(-z)) = min(z, 0) - log1p(exp(-|z|))
    return (np.minimum(z, 0) - np.log1p(np.exp(-np.abs(z)))).astype(z.dtype, copy=False)


def _log_softmax(z, axis):
    shifted = z - np.max(z.real, axis=axis, keepdims=True)  # the largest exp is exp(0) = 1
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def _softmax(z, axis):
    e = np.exp(z - np.max(z.real, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def _scalar_if_0d(out):
    """A 0-d array becomes a NumPy scalar (``sigmoid(0.0)`` is a number); arrays pass through."""
    return out[()] if out.ndim == 0 else out
