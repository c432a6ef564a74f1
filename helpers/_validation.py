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
    """A non-empty float array of logits, optionally of an exact number of dimensions.

    Not a copy when the input already is a float array: callers only read it.
    """
    z = as_float_array(logits, name, allow_complex=allow_complex, copy=False)
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


def as_labels(labels, shape, *, n_classes=None, integer=True, name="labels", rows_of="the data"):
    """Class labels of exactly ``shape`` (a trailing axis of length 1 is dropped).

    The one label check of the package. With ``integer=True`` (losses, chapter 6) the labels
    must be integers >= 0, and below ``n_classes`` when it is given; they come back as int64.
    With ``integer=False`` (an estimator's ``y``) any values work, strings included, as long
    as none is NaN; they come back as an array. ``rows_of`` names what the labels must match.
    """
    shape = tuple(shape)
    y = np.asarray(labels)
    if integer and y.dtype.kind not in "iu":
        where = f" in [0, {n_classes})" if n_classes is not None else ""
        hint = " (round and cast them with .astype(int) if they are whole numbers)" if y.dtype.kind == "f" else ""
        raise TypeError(f"{name} must be integers{where}, got dtype {y.dtype}{hint}")
    if y.ndim == len(shape) + 1 and y.shape[-1] == 1:
        y = y[..., 0]  # a column of labels, (n, 1), as read from a file
    if y.ndim == 1 and len(shape) == 1 and y.shape != shape:
        raise ValueError(f"{name} has {y.shape[0]} entries but there are {shape[0]} samples (rows of "
                         f"{rows_of}); give one label per sample")
    if y.shape != shape:
        raise ValueError(f"{name} must have shape {shape} or {shape + (1,)} to match {rows_of}, got {y.shape}")
    if not integer:
        if y.dtype.kind == "f" and np.isnan(y).any():
            raise ValueError(f"{name} contains NaN; every sample needs a label")
        return y
    if y.size and y.min() < 0:
        where = f"lie in [0, {n_classes})" if n_classes is not None else "be >= 0"
        raise ValueError(f"{name} must {where}: class ids index the classes; found {y.min()}")
    if y.size and n_classes is not None and y.max() >= n_classes:
        raise ValueError(f"{name} must lie in [0, {n_classes}) for {n_classes} classes; found {y.max()}")
    return y.astype(np.int64, copy=False)


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
