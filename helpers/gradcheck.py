"""Numerical gradients and gradient checking.

Introduced in chapter 1. Thresholds for :func:`relative_error` (float64, smooth functions,
central differences; after CS231n's notes):

* below ``GOOD = 1e-7``: the analytic gradient is right;
* up to ``ACCEPTABLE = 1e-4``: fine near kinks, suspicious otherwise;
* above ``WRONG = 1e-2``: the analytic gradient is probably wrong.

In float32, finite differences cannot reach ``GOOD``: a correct gradient can score a few
times ``ACCEPTABLE`` at the default step (chapter 1 measures 3.8e-4), so compare in float64.
"""

from typing import NamedTuple

import numpy as np

from ._validation import as_float_array

GOOD = 1e-7
ACCEPTABLE = 1e-4
WRONG = 1e-2

METHODS = ("forward", "central", "complex")


def default_step(method, dtype):
    """The step ``h`` that balances truncation against round-off for ``method`` in ``dtype``.

    Introduced in chapter 1.

    With ε = ``np.finfo(dtype).eps`` (machine epsilon) and a loss of size |L|: forward
    differences err by O(h) + O(ε|L|/h), smallest near ``h = sqrt(ε)``; central differences
    by O(h^2) + O(ε|L|/h), smallest near ``h = cbrt(ε)`` (for a function and derivatives of
    order 1; chapter 1 shows how far the best step moves for other scales). The complex step has no subtraction, hence no
    round-off to balance: any tiny h works.

    Parameters
    ----------
    method : {"central", "forward", "complex"}
        The finite-difference formula, as in :func:`numerical_gradient`.
    dtype : dtype or type
        The floating-point type the function is evaluated in, e.g. ``np.float64``; it sets ε.

    Returns
    -------
    float
        ``sqrt(ε)`` (forward) or ``cbrt(ε)`` (central), as a NumPy scalar of ``dtype``;
        ``1e-20`` (complex), whatever the dtype.

    Raises
    ------
    ValueError
        An unknown ``method``.

    Examples
    --------
    >>> float(default_step("forward", np.float64)) == 2.0 ** -26  # sqrt(ε) with ε = 2^-52
    True
    >>> print(f"{default_step('central', np.float64):.2g}, {default_step('central', np.float32):.2g}")
    6.1e-06, 0.0049
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    eps = np.finfo(dtype).eps  # ε, machine epsilon
    return {"forward": np.sqrt(eps), "central": np.cbrt(eps), "complex": 1e-20}[method]


def numerical_gradient(f, x, h=None, method="central"):
    """Estimate the gradient of a scalar function by perturbing one coordinate at a time.

    Introduced in chapter 1.

    Parameters
    ----------
    f : callable
        ``f(x) -> scalar``. Called with an array shaped like ``x``.
    x : array_like
        The point. It is never modified: the work happens on a float copy, so integer
        input works too (it is computed in float64; float32 stays float32, to show its
        round-off).
    h : float, optional
        Step size. Default: :func:`default_step` for the method and dtype
        (about 1.5e-8 forward and 6.1e-6 central in float64).
    method : {"central", "forward", "complex"}
        ``"forward"``: ``(f(x + h e_i) - f(x)) / h``, error O(h).
        ``"central"``: ``(f(x + h e_i) - f(x - h e_i)) / 2h``, error O(h^2).
        ``"complex"``: ``Im f(x + i h e_i) / h``, error O(h^2) with no subtraction, so
        round-off free; ``f`` must be complex-analytic on the path from ``x`` to the result:
        no ``abs``, ``.real``, ``astype(float)`` or writing into a float array (comparisons
        such as ``max`` compare real parts and are harmless away from ties and kinks).

    Returns
    -------
    ndarray
        Same shape as ``x``.

    Examples
    --------
    >>> g = numerical_gradient(lambda v: np.sum(v ** 2), [1, 2, 3])
    >>> np.allclose(g, [2, 4, 6])
    True
    """
    if not callable(f):
        raise TypeError(f"f must be a callable taking an array and returning a scalar, got {type(f).__name__}")
    x = as_float_array(x, "x")
    if x.size == 0:
        raise ValueError("x is empty; there is no gradient to estimate")
    step = default_step(method, x.dtype) if h is None else h
    if not np.isscalar(step) or not np.isfinite(step) or step <= 0:
        raise ValueError(f"h must be a positive finite number, got {h!r}")
    h = step

    def value(point):
        out = f(point)
        if np.ndim(out) != 0:
            raise ValueError(
                f"f must return a scalar, got shape {np.shape(out)}; "
                "reduce per-sample losses with .sum() or .mean()"
            )
        return out

    grad = np.zeros_like(x)
    if method == "complex":
        work = x.astype(np.complex64 if x.dtype == np.float32 else np.complex128)
    else:
        work = x.copy()
    flat = work.reshape(-1)  # a view: writing into flat moves the point `work`
    f0 = value(work) if method == "forward" else None
    for i in range(flat.size):
        old = flat[i]
        if method == "complex":
            flat[i] = old + 1j * h
            out = value(work)
            if not np.iscomplexobj(out):
                raise ValueError(
                    "f returned a real number for complex input, so it dropped the imaginary "
                    "part (abs, .real, astype(float), writing into a float array, ...); it is not "
                    "complex-step safe: "
                    "use method='central'"
                )
            grad.flat[i] = np.imag(out) / h
        elif method == "forward":
            flat[i] = old + h
            grad.flat[i] = (value(work) - f0) / h
        else:
            flat[i] = old + h
            up = value(work)
            flat[i] = old - h
            grad.flat[i] = (up - value(work)) / (2 * h)
        flat[i] = old
    return grad


def relative_error(a, b):
    """Largest elementwise relative error ``|a - b| / max(|a| + |b|, tiny)``.

    Introduced in chapter 1.

    Parameters
    ----------
    a, b : array_like
        Two gradients of the same shape (e.g. analytic and numerical).

    Returns
    -------
    float
        In [0, 1]; 0 where both entries are 0 (never NaN). Compare with ``GOOD``,
        ``ACCEPTABLE`` and ``WRONG`` in this module.

    Notes
    -----
    CS231n divides by ``max(|a|, |b|)`` instead; that value is at most twice this one.

    Examples
    --------
    >>> relative_error([1.0, 0.0], [1.0 + 1e-9, 0.0]) < 1e-9
    True
    """
    a = as_float_array(a, "a")
    b = as_float_array(b, "b")
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    if a.size == 0:
        raise ValueError("a and b are empty; there is nothing to compare")
    return float(np.max(_elementwise_relative_error(a, b)))


def _elementwise_relative_error(a, b):
    a, b = a.astype(np.float64), b.astype(np.float64)
    return np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), np.finfo(np.float64).tiny)


class GradientCheck(NamedTuple):
    """Result of :func:`check_gradient`: the worst relative error and where it occurs.

    Introduced in chapter 1. A named tuple: ``error, index, analytic, numerical = result``
    works as well as ``result.error``.

    Attributes
    ----------
    error : float
        The largest elementwise relative error (see :func:`relative_error`), in [0, 1].
    index : tuple of int
        Where in ``x`` it occurs, one index per dimension of ``x``.
    analytic : float
        The analytic gradient's entry there.
    numerical : float
        The numerical gradient's entry there.
    """

    error: float
    index: tuple
    analytic: float
    numerical: float


def check_gradient(f, grad_f, x, h=None, method="central"):
    """Compare an analytic gradient with a numerical one at ``x``.

    Introduced in chapter 1.

    Parameters
    ----------
    f : callable
        Scalar function of an array.
    grad_f : callable
        Its claimed gradient: ``grad_f(x)`` has the shape of ``x``.
    x : array_like
        The point (not modified).
    h, method
        As in :func:`numerical_gradient`.

    Returns
    -------
    GradientCheck
        ``error`` (largest relative error, see :func:`relative_error`), ``index`` (where),
        and the ``analytic`` and ``numerical`` values there.

    Examples
    --------
    >>> check_gradient(lambda v: np.sum(v ** 3), lambda v: 3 * v ** 2, [1.0, 2.0]).error < 1e-9
    True
    """
    if not callable(grad_f):
        raise TypeError(f"grad_f must be a callable returning the gradient, got {type(grad_f).__name__}")
    x = as_float_array(x, "x")
    analytic = as_float_array(grad_f(x.copy()), "grad_f(x)")
    if analytic.shape != x.shape:
        raise ValueError(f"grad_f(x) must have the shape of x {x.shape}, got {analytic.shape}")
    numerical = numerical_gradient(f, x, h=h, method=method)
    errors = _elementwise_relative_error(analytic, numerical)
    index = np.unravel_index(int(np.argmax(errors)), x.shape)
    return GradientCheck(
        float(errors[index]), tuple(int(i) for i in index), float(analytic[index]), float(numerical[index])
    )
