"""Input checks shared by the helpers (private).

Every public helper turns its inputs into arrays here, so that a learner who passes
the wrong thing gets one clear message that names the argument and says what to do,
instead of a NumPy traceback from deep inside the computation.
"""

import numpy as np


def as_float_array(x, name, *, allow_complex=False, allow_inf=False, copy=True, check_finite=True):
    """Return ``x`` as a float ndarray (float32 stays float32; ints become float64).

    Raises ``TypeError`` for non-numeric input and ``ValueError`` for NaN (and for
    infinities unless ``allow_inf``). With ``copy=True`` (the default) the result is a
    copy, so callers may modify it without touching the caller's array; ``copy=False``
    is for callers that only read it (it saves a pass over large inputs).
    ``check_finite=False`` skips the NaN/inf check, for callers that make a cheaper one.
    """
    try:
        arr = np.array(x, copy=True) if copy else np.asarray(x)
    except (TypeError, ValueError) as exc:  # ragged lists and the like
        raise TypeError(f"{name} must be an array of numbers; could not convert it ({exc})") from None
    kind = arr.dtype.kind
    if kind in "iu":
        arr = arr.astype(np.float64)
    elif kind == "f":
        if arr.dtype not in (np.float32, np.float64):
            arr = arr.astype(np.float64)  # float16 and longdouble: compute in float64
    elif kind == "c" and allow_complex:
        if arr.dtype not in (np.complex64, np.complex128):
            arr = arr.astype(np.complex128)
    elif kind == "b":
        raise TypeError(f"{name} must be numeric, got a boolean array; convert it with {name}.astype(float)")
    else:
        allowed = "real or complex numbers" if allow_complex else "real numbers"
        raise TypeError(f"{name} must contain {allowed}, got dtype {arr.dtype}")
    if not check_finite or np.isfinite(np.add.reduce(arr, axis=None)):
        return arr  # one cheap pass: a NaN or inf anywhere would make the sum non-finite
    if np.isnan(arr).any():
        raise ValueError(f"{name} contains NaN; find where it came from (np.isnan({name}).nonzero()) before going on")
    if not allow_inf and np.isinf(arr).any():
        raise ValueError(f"{name} contains inf; the helpers need finite values (check for overflow upstream)")
    return arr


def as_logits(logits, name="logits", *, ndim=None, allow_complex=False):
    """A non-empty float array of logits, optionally of an exact number of dimensions."""
    z = as_float_array(logits, name, allow_complex=allow_complex)
    if ndim is not None and z.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-D with shape (n_samples, n_classes), got shape {z.shape}")
    if z.ndim == 0:
        raise ValueError(f"{name} must have at least one dimension (the classes), got a scalar")
    if z.size == 0:
        raise ValueError(f"{name} is empty (shape {z.shape}); pass at least one sample and one class")
    return z


def normalize_axis(axis, ndim, name="axis"):
    """Turn a possibly negative axis into a non-negative one, or raise ValueError."""
    if not isinstance(axis, (int, np.integer)) or isinstance(axis, bool):
        raise TypeError(f"{name} must be an int, got {type(axis).__name__}")
    if not -ndim <= axis < ndim:
        raise ValueError(f"{name}={axis} is out of range for an array with {ndim} dimension(s)")
    return int(axis) % ndim


def as_labels(labels, n_samples, n_classes, name="labels"):
    """Integer class labels of shape (n,) or (n, 1), returned as int64 of shape (n,)."""
    y = np.asarray(labels)
    if y.dtype.kind not in "iu":
        hint = " (round and cast them with .astype(int) if they are whole numbers)" if y.dtype.kind == "f" else ""
        raise TypeError(f"{name} must be integers in [0, {n_classes}), got dtype {y.dtype}{hint}")
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.ndim != 1:
        raise ValueError(f"{name} must have shape ({n_samples},) or ({n_samples}, 1), got {y.shape}")
    if y.shape[0] != n_samples:
        raise ValueError(f"{name} has {y.shape[0]} entries but the logits have {n_samples} rows; they must match")
    if y.size and (y.min() < 0 or y.max() >= n_classes):
        bad = y[(y < 0) | (y >= n_classes)][0]
        raise ValueError(f"{name} must lie in [0, {n_classes}) for {n_classes} classes; found {bad}")
    return y.astype(np.int64)


def as_design_matrix(X, name="X", n_features=None, *, copy=True, check_finite=True):
    """A finite 2-D float array (n_samples, n_features) with at least one sample."""
    X = as_float_array(X, name, copy=copy, check_finite=check_finite)
    if X.ndim != 2:
        hint = f" (for a single feature use {name}.reshape(-1, 1))" if X.ndim == 1 else ""
        raise ValueError(f"{name} must be 2-D with shape (n_samples, n_features), got shape {X.shape}{hint}")
    if X.shape[0] == 0:
        raise ValueError(f"{name} has no samples (shape {X.shape})")
    if n_features is not None and X.shape[1] != n_features:
        raise ValueError(f"{name} has {X.shape[1]} features but the model was fitted with {n_features}")
    return X


def check_positive(value, name, *, integer=False, allow_zero=False):
    """A number > 0 (or >= 0), optionally an integer; raises naming the parameter."""
    kinds = (int, np.integer) if integer else (int, float, np.integer, np.floating)
    if isinstance(value, bool) or not isinstance(value, kinds):
        raise TypeError(f"{name} must be {'an integer' if integer else 'a number'}, got {value!r}")
    if not np.isfinite(value) or value < 0 or (value == 0 and not allow_zero):
        raise ValueError(f"{name} must be {'>= 0' if allow_zero else '> 0'}, got {value!r}")
    return value
