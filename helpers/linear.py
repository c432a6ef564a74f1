"""Linear classifiers trained by gradient descent, with a scikit-learn style interface.

Introduced in chapter 2: ``BinaryLogisticRegression`` and ``logistic_objective``.
"""

import numpy as np

from ._validation import as_design_matrix, check_positive
from .activations import sigmoid
from .losses import logistic_loss, logistic_loss_grad


def logistic_objective(w, b, X, y, l2=0.0):
    """Mean logistic loss of a linear model plus an L2 penalty, and its gradient.

    Introduced in chapter 2.

    Parameters
    ----------
    w : ndarray, shape (d,)
        Weights.
    b : float
        Intercept (not penalised).
    X : ndarray, shape (n, d)
    y : ndarray of int, shape (n,)
        0 or 1.
    l2 : float
        Penalty strength: the objective adds ``l2 / 2 * ||w||^2``.

    Returns
    -------
    loss : float
    grad_w : ndarray, shape (d,)
        ``X^T (sigmoid(Xw + b) - y) / n + l2 * w``.
    grad_b : float
        ``mean(sigmoid(Xw + b) - y)``.
    """
    scores = X @ w + b
    loss = logistic_loss(scores, y).mean() + 0.5 * l2 * np.dot(w, w)
    residual = logistic_loss_grad(scores, y)
    return float(loss), X.T @ residual / len(X) + l2 * w, float(residual.mean())


class BinaryLogisticRegression:
    """Logistic regression for two classes, fitted by full-batch gradient descent.

    Introduced in chapter 2; chapter 4's one-vs-rest classifier trains one per class.

    Parameters
    ----------
    learning_rate : float, default 0.1
        Step size of gradient descent. Stable when at most ``4 n / lambda_max(X^T X)``
        (the inverse of the loss's curvature bound); standardise features to allow large steps.
    n_iter : int, default 1000
        Number of gradient steps (fewer if ``tol`` is reached).
    l2 : float, default 0.0
        L2 penalty on the weights (not on the intercept); 0 is plain maximum likelihood.
    tol : float, default 0.0
        Stop when the gradient's norm falls below this.
    seed : int, default 0
        Seed of the small random initial weights.

    Attributes
    ----------
    classes_ : ndarray, shape (2,)
        The two labels, sorted; ``classes_[1]`` is the "positive" class.
    coef_ : ndarray, shape (n_features,)
    intercept_ : float
    loss_curve_ : list of float
        The objective before each step, then after the last one.
    n_iter_ : int
        Steps taken.

    Examples
    --------
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> model = BinaryLogisticRegression(learning_rate=1.0, n_iter=500).fit(X, [0, 0, 1, 1])
    >>> model.predict([[0.2], [2.8]]).tolist()
    [0, 1]
    """

    def __init__(self, learning_rate=0.1, n_iter=1000, l2=0.0, tol=0.0, seed=0):
        self.learning_rate = learning_rate
        self.n_iter = n_iter
        self.l2 = l2
        self.tol = tol
        self.seed = seed

    def fit(self, X, y):
        """Fit the weights to samples ``X`` (n, d) with two-class labels ``y`` (n,) or (n, 1)."""
        check_positive(self.learning_rate, "learning_rate")
        check_positive(self.n_iter, "n_iter", integer=True)
        check_positive(self.l2, "l2", allow_zero=True)
        check_positive(self.tol, "tol", allow_zero=True)
        X = as_design_matrix(X)
        y01 = self._encode(y, len(X))
        rng = np.random.default_rng(self.seed)
        w, b = rng.normal(scale=0.01, size=X.shape[1]), 0.0
        self.loss_curve_ = []
        for step in range(self.n_iter):
            loss, grad_w, grad_b = logistic_objective(w, b, X, y01, self.l2)
            self.loss_curve_.append(loss)
            if np.sqrt(np.dot(grad_w, grad_w) + grad_b ** 2) < self.tol:
                break
            w = w - self.learning_rate * grad_w
            b = b - self.learning_rate * grad_b
        else:
            step = self.n_iter
        self.loss_curve_.append(logistic_objective(w, b, X, y01, self.l2)[0])
        if not self.loss_curve_[-1] <= self.loss_curve_[0]:
            raise ValueError(
                f"gradient descent diverged: the loss rose from {self.loss_curve_[0]:.4g} to "
                f"{self.loss_curve_[-1]:.4g}; lower learning_rate or standardise the features"
            )
        self.coef_, self.intercept_, self.n_iter_ = w, b, step
        return self

    def _encode(self, y, n_samples):
        y = np.asarray(y)
        if y.ndim == 2 and y.shape[1] == 1:
            y = y[:, 0]
        if y.ndim != 1 or len(y) != n_samples:
            raise ValueError(f"y must have shape ({n_samples},) or ({n_samples}, 1) to match X, got {y.shape}")
        if y.dtype.kind == "f" and np.isnan(y).any():
            raise ValueError("y contains NaN; every sample needs a label")
        classes = np.unique(y)
        if len(classes) != 2:
            raise ValueError(
                f"y must contain exactly two classes, found {len(classes)} ({classes[:10]}); "
                "for more classes train one model per class (one-vs-rest, chapter 4)"
            )
        self.classes_ = classes
        return (y == classes[1]).astype(np.int64)

    def _check_fitted(self):
        if not hasattr(self, "coef_"):
            raise ValueError("this model is not fitted yet: call fit(X, y) first")

    def decision_function(self, X):
        """Scores ``X @ coef_ + intercept_``, shape (n,): positive means ``classes_[1]``."""
        self._check_fitted()
        return as_design_matrix(X, n_features=len(self.coef_)) @ self.coef_ + self.intercept_

    def predict_proba(self, X):
        """Probabilities of ``classes_[0]`` and ``classes_[1]``, shape (n, 2); rows sum to 1."""
        p = sigmoid(self.decision_function(X))
        return np.column_stack([1 - p, p])

    def predict(self, X):
        """The more probable class of each sample."""
        self._check_fitted()
        return self.classes_[(self.decision_function(X) > 0).astype(int)]

    def score(self, X, y):
        """Accuracy: the fraction of samples whose predicted class equals ``y``."""
        y = np.asarray(y).reshape(-1)
        return float(np.mean(self.predict(X) == y))
