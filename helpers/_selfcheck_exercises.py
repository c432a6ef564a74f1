"""The eight self-check exercises, in chapter order: id -> (check, mistakes) (private).

Each exercise lives in its own module, ``helpers._selfcheck_<id>``, with

* its cases: small fixed inputs, every kind of input its contract promises (shapes, signs,
  zeros, extremes), and a seeded random layer whose shapes and values vary; each case has its
  right answer from the helper (and, for gradients, one case whose answer is a numerical
  gradient, so the helper itself is double-checked);
* a table of mistakes, most specific first: what the chapter warns about, each recognised
  by a *mistake model* (the wrong implementation written out, see ``like``) or a property
  of what the reader's function did;
* ``check(fn)``, which runs them through :func:`helpers._selfcheck_runner.run_exercise`.

What several exercises share is in ``helpers._selfcheck_shared``.
"""

from . import (
    _selfcheck_class_centroids,
    _selfcheck_cross_entropy_grad,
    _selfcheck_log_sigmoid,
    _selfcheck_multiclass_hinge,
    _selfcheck_multiclass_hinge_grad,
    _selfcheck_numerical_gradient,
    _selfcheck_snapshot_pca,
    _selfcheck_softmax_regression_grad,
)

MODULES = {
    "numerical_gradient": _selfcheck_numerical_gradient,
    "cross_entropy_grad": _selfcheck_cross_entropy_grad,
    "log_sigmoid": _selfcheck_log_sigmoid,
    "multiclass_hinge": _selfcheck_multiclass_hinge,
    "multiclass_hinge_grad": _selfcheck_multiclass_hinge_grad,
    "softmax_regression_grad": _selfcheck_softmax_regression_grad,
    "snapshot_pca": _selfcheck_snapshot_pca,
    "class_centroids": _selfcheck_class_centroids,
}
