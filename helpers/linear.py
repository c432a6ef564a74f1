"""Linear classifiers trained by gradient descent, with a scikit-learn style interface.

Introduced in chapter 2: ``BinaryLogisticRegression`` and ``logistic_objective``;
in chapter 4: ``SoftmaxRegression``, ``OneVsRestLogistic``, ``softmax_objective`` and
``one_vs_rest_objective``.
"""

import numpy as np

from ._validation import as_design_matrix, as_float_array, as_labels, check_positive
from .activations import _sigmoid, _softmax
from .losses import _cross_entropy, _cross_entropy_grad, _logistic_loss, _logistic_loss_grad


def logistic_objective(w, b, X, y, l2=0.0):
    """Mean logistic loss of a linear model plus an L2 penalty, and its gradient.

    Introduced in chapter 2.

    Parameters
    ----------
    w : array_like, shape (d,)
        Weights.
    b : float
        Intercept (not penalised).
    X : array_like, shape (n, d)
        Samples as rows.
    y : array_like of int, shape (n,)
        0 or 1.
    l2 : float, default 0.0
        Penalty strength: the objective adds ``l2 / 2 * ||w||^2``.

    Returns
    -------
    loss : float
    grad_w : ndarray, shape (d,)
        ``X^T (sigmoid(Xw + b) - y) / n + l2 * w``.
    grad_b : float
        ``mean(sigmoid(Xw + b) - y)``.

    Examples
    --------
    >>> loss, grad_w, grad_b = logistic_objective([0.0], 0.0, [[1.0], [-1.0]], [1, 0])
    >>> round(loss, 6), grad_w.tolist(), grad_b
    (0.693147, [-0.5], 0.0)
    """
    X, y, w, b = _check_model_inputs(X, y, w, b, n_classes=2)
    check_positive(l2, "l2", allow_zero=True)
    return _logistic_objective(w, float(b), X, y, l2)


def _logistic_objective(w, b, X, y, l2):
    # The kernel of logistic_objective, for validated arrays (the training loop calls it).
    logits = X @ w + b
    loss = _logistic_loss(logits, y).mean() + 0.5 * l2 * np.dot(w, w)
    residual = _logistic_loss_grad(logits, y)          # sigmoid(s) - y
    return float(loss), X.T @ residual / len(X) + l2 * w, float(residual.mean())


def _check_model_inputs(X, y, W, b, *, n_classes):
    """Validate what an objective receives: X (n, d), integer y, and W, b of matching shapes.

    ``W`` is (k, d) with ``b`` (k,) for k classes, or (d,) with a scalar ``b`` for a binary model.
    """
    X = as_design_matrix(X, copy=False)
    W = as_float_array(W, "W", copy=False)
    b = as_float_array(b, "b", copy=False)
    binary = W.ndim == 1
    expected_W = (X.shape[1],) if binary else (W.shape[0], X.shape[1])
    if W.ndim not in (1, 2) or W.shape != expected_W:
        raise ValueError(f"W must have shape (n_classes, n_features) = (k, {X.shape[1]}) to match X "
                         f"(or ({X.shape[1]},) for a binary model), got {W.shape}")
    expected_b = () if binary else (W.shape[0],)
    if b.shape != expected_b:
        raise ValueError(f"b must have shape {expected_b} to match W {W.shape}, got {b.shape}")
    classes = n_classes if n_classes is not None else W.shape[0]
    y = as_labels(y, X.shape[:1], n_classes=classes, name="y", rows_of="X")
    return X, y, W, b


class _Classifier:
    """What every classifier here shares: the fitted check and accuracy."""

    def _check_fitted(self):
        if not hasattr(self, "coef_"):
            raise ValueError("this model is not fitted yet: call fit(X, y) first")

    def score(self, X, y):
        """Accuracy: the fraction of samples whose predicted class equals ``y``.

        Parameters
        ----------
        X : array_like, shape (n, d)
            Samples as rows.
        y : array_like, shape (n,) or (n, 1)
            Their true labels, values of ``classes_``.

        Returns
        -------
        float
            In [0, 1].
        """
        return float(np.mean(self.predict(X) == np.asarray(y).reshape(-1)))


class BinaryLogisticRegression(_Classifier):
    """Logistic regression for two classes, fitted by full-batch gradient descent.

    Introduced in chapter 2; chapter 4's one-vs-rest classifier trains one per class.

    Parameters
    ----------
    learning_rate : float, default 0.1
        Step size of gradient descent. With ``X1 = [X, 1]`` (the features and the intercept's
        column of ones), ``beta = lambda_max(X1^T X1) / (4 n) + l2`` bounds the objective's
        curvature; any step below ``2 / beta`` decreases it, and ``1 / beta`` is the safe
        choice chapter 2 uses. Standardised features allow larger steps.
    max_iter : int, default 1000
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
    >>> model = BinaryLogisticRegression(learning_rate=1.0, max_iter=500).fit(X, [0, 0, 1, 1])
    >>> model.predict([[0.2], [2.8]]).tolist()
    [0, 1]
    """

    def __init__(self, *, learning_rate=0.1, max_iter=1000, l2=0.0, tol=0.0, seed=0):
        self.learning_rate = learning_rate
        self.max_iter = max_iter
        self.l2 = l2
        self.tol = tol
        self.seed = seed

    def fit(self, X, y):
        """Fit the weights to samples ``X`` (n, d) with two-class labels ``y`` (n,) or (n, 1).

        Parameters
        ----------
        X : array_like, shape (n, d)
            Training samples as rows.
        y : array_like, shape (n,) or (n, 1)
            Their labels: exactly two distinct values, of any sortable type (0/1, -1/+1,
            strings); the larger becomes the positive class ``classes_[1]``.

        Returns
        -------
        BinaryLogisticRegression
            ``self``, fitted: ``coef_``, ``intercept_``, ``classes_``, ``loss_curve_`` and
            ``n_iter_`` are set.

        Raises
        ------
        ValueError
            Invalid hyperparameters or inputs, ``y`` without exactly two classes, or a loss
            that rose during training (``learning_rate`` too large).
        """
        check_positive(self.learning_rate, "learning_rate")
        check_positive(self.max_iter, "max_iter", integer=True)
        check_positive(self.l2, "l2", allow_zero=True)
        check_positive(self.tol, "tol", allow_zero=True)
        X = as_design_matrix(X, copy=False)
        y01 = self._encode(y, len(X))
        rng = np.random.default_rng(self.seed)
        w, b = rng.normal(scale=0.01, size=X.shape[1]), 0.0
        self.loss_curve_ = []
        steps_taken = 0
        while steps_taken < self.max_iter:
            loss, grad_w, grad_b = _logistic_objective(w, b, X, y01, self.l2)
            self.loss_curve_.append(loss)
            if np.sqrt(np.dot(grad_w, grad_w) + grad_b ** 2) < self.tol:
                break  # converged: the gradient is (almost) zero
            w = w - self.learning_rate * grad_w
            b = b - self.learning_rate * grad_b
            steps_taken += 1
        self.loss_curve_.append(_logistic_objective(w, b, X, y01, self.l2)[0])
        if not self.loss_curve_[-1] <= self.loss_curve_[0]:
            raise ValueError(
                f"gradient descent did not lower the loss ({self.loss_curve_[0]:.4g} -> "
                f"{self.loss_curve_[-1]:.4g}): the steps diverged or oscillated; lower learning_rate "
                "or standardise the features"
            )
        self.coef_, self.intercept_, self.n_iter_ = w, b, steps_taken
        return self

    def _encode(self, y, n_samples):
        y = as_labels(y, (n_samples,), integer=False, name="y", rows_of="X")
        classes = np.unique(y)
        if len(classes) != 2:
            raise ValueError(
                f"y must contain exactly two classes, found {len(classes)} ({classes[:10]}); "
                "for more classes train one model per class (one-vs-rest, chapter 4)"
            )
        self.classes_ = classes
        return (y == classes[1]).astype(np.int64)

    def decision_function(self, X):
        """Scores ``X @ coef_ + intercept_``, shape (n,): positive means ``classes_[1]``.

        Parameters
        ----------
        X : array_like, shape (n, d)
            Samples as rows, with the ``d`` features the model was fitted on.

        Returns
        -------
        ndarray, shape (n,)
            Each sample's score ``s = x . w + b``: the logit whose sigmoid is
            ``P(classes_[1])``.
        """
        self._check_fitted()
        return as_design_matrix(X, n_features=len(self.coef_), copy=False) @ self.coef_ + self.intercept_

    def predict_proba(self, X):
        """Probabilities of ``classes_[0]`` and ``classes_[1]``, shape (n, 2); rows sum to 1.

        Parameters
        ----------
        X : array_like, shape (n, d)
            Samples as rows.

        Returns
        -------
        ndarray, shape (n, 2)
            Column 1 is ``sigmoid(s)`` of the :meth:`decision_function` scores, column 0 is
            ``1 - sigmoid(s)``.

        Examples
        --------
        >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
        >>> model = BinaryLogisticRegression(learning_rate=1.0, max_iter=500).fit(X, [0, 0, 1, 1])
        >>> model.predict_proba([[0.0], [3.0]]).round(2).tolist()
        [[1.0, 0.0], [0.0, 1.0]]
        """
        p = _sigmoid(self.decision_function(X))
        return np.column_stack([1 - p, p])

    def predict(self, X):
        """The more probable class of each sample.

        Parameters
        ----------
        X : array_like, shape (n, d)
            Samples as rows.

        Returns
        -------
        ndarray, shape (n,)
            Values of ``classes_``: ``classes_[1]`` where the score is positive, else
            ``classes_[0]``.
        """
        self._check_fitted()
        return self.classes_[(self.decision_function(X) > 0).astype(int)]


def softmax_objective(W, b, X, y, l2=0.0):
    """Mean softmax cross-entropy of a linear model ``X W^T + b`` plus ``l2/2 ||W||^2``, and its gradient.

    Introduced in chapter 4.

    Parameters
    ----------
    W : array_like, shape (k, d)
        Weights, one row per class.
    b : array_like, shape (k,)
        Biases (not penalised).
    X : array_like, shape (n, d)
        Samples as rows.
    y : array_like of int, shape (n,)
        Classes in ``[0, k)``.
    l2 : float, default 0.0
        Penalty strength.

    Returns
    -------
    loss : float
    grad_W : ndarray, shape (k, d)
        ``(softmax(X W^T + b) - Y)^T X / n + l2 W`` with ``Y`` the one-hot targets: chapter 1's
        gradient, pulled back through the linear map.
    grad_b : ndarray, shape (k,)
        ``(softmax(X W^T + b) - Y)`` summed over the samples, divided by n.

    Examples
    --------
    >>> loss, grad_W, grad_b = softmax_objective(np.zeros((2, 1)), np.zeros(2), [[1.0]], [1])
    >>> round(loss, 6), grad_W.tolist(), grad_b.tolist()
    (0.693147, [[0.5], [-0.5]], [0.5, -0.5])
    """
    X, y, W, b = _check_model_inputs(X, y, W, b, n_classes=None)
    check_positive(l2, "l2", allow_zero=True)
    return _softmax_objective(W, b, X, y, l2)


def _softmax_objective(W, b, X, y, l2):
    # The kernel of softmax_objective, for validated arrays (the training loop calls it).
    logits = X @ W.T + b
    G = _cross_entropy_grad(logits, y) / len(X)        # (P - Y) / n
    loss = _cross_entropy(logits, y).mean() + 0.5 * l2 * np.sum(W * W)
    return float(loss), G.T @ X + l2 * W, G.sum(axis=0)


def one_vs_rest_objective(W, b, X, y, l2=0.0):
    """Sum over classes of the mean logistic loss of "class c against the rest", and its gradient.

    Introduced in chapter 4. Row c of ``W`` is a binary logistic regression whose
    positive class is c; the k problems share nothing, so one (k, d) matrix trains them all.

    Parameters
    ----------
    W, b, X, y, l2
        As in :func:`softmax_objective`.

    Returns
    -------
    loss : float
    grad_W : ndarray, shape (k, d)
        ``(sigmoid(X W^T + b) - Y)^T X / n + l2 W``.
    grad_b : ndarray, shape (k,)

    Examples
    --------
    >>> loss, grad_W, grad_b = one_vs_rest_objective(np.zeros((2, 1)), np.zeros(2), [[1.0]], [1])
    >>> round(loss, 6), grad_b.tolist()
    (1.386294, [0.5, -0.5])
    """
    X, y, W, b = _check_model_inputs(X, y, W, b, n_classes=None)
    check_positive(l2, "l2", allow_zero=True)
    return _one_vs_rest_objective(W, b, X, y, l2)


def _one_vs_rest_objective(W, b, X, y, l2):
    # The kernel of one_vs_rest_objective, for validated arrays (the training loop calls it).
    logits = X @ W.T + b
    Y = (y[:, None] == np.arange(W.shape[0])).astype(np.int64)  # "filter each class": y == c
    losses = _logistic_loss(logits.ravel(), Y.ravel()).reshape(logits.shape)
    G = _logistic_loss_grad(logits.ravel(), Y.ravel()).reshape(logits.shape) / len(X)
    loss = losses.sum(axis=1).mean() + 0.5 * l2 * np.sum(W * W)
    return float(loss), G.T @ X + l2 * W, G.sum(axis=0)


class _MulticlassLinear(_Classifier):
    """Shared machinery: label encoding, mini-batch gradient descent, prediction."""

    _objective = None  # the unvalidated kernel of the model's objective; set by subclasses

    def __init__(self, *, learning_rate=0.5, epochs=20, batch_size=128, l2=1e-4, seed=0):
        self.learning_rate = learning_rate
        self.epochs = epochs
        self.batch_size = batch_size
        self.l2 = l2
        self.seed = seed

    def fit(self, X, y):
        """Fit to samples ``X`` (n, d) and labels ``y`` (n,) or (n, 1) of at least two classes.

        Parameters
        ----------
        X : array_like, shape (n, d)
            Training samples as rows.
        y : array_like, shape (n,) or (n, 1)
            Their labels: at least two distinct values, of any sortable type; ``classes_``
            lists them sorted, and row j of ``coef_`` belongs to ``classes_[j]``.

        Returns
        -------
        SoftmaxRegression or OneVsRestLogistic
            ``self``, fitted: ``coef_``, ``intercept_``, ``classes_`` and ``loss_curve_``
            are set.

        Raises
        ------
        ValueError
            Invalid hyperparameters or inputs, fewer than two classes, or training that did
            not lower the loss (``learning_rate`` too large, or features far from [0, 1]).
        """
        check_positive(self.learning_rate, "learning_rate")
        check_positive(self.epochs, "epochs", integer=True)
        check_positive(self.batch_size, "batch_size", integer=True)
        check_positive(self.l2, "l2", allow_zero=True)
        X = as_design_matrix(X, copy=False)
        y = as_labels(y, X.shape[:1], integer=False, name="y", rows_of="X")
        self.classes_, codes = np.unique(y, return_inverse=True)
        if len(self.classes_) < 2:
            raise ValueError(f"y must contain at least two classes, found {len(self.classes_)} ({self.classes_})")
        k, (n, d) = len(self.classes_), X.shape
        rng = np.random.default_rng(self.seed)
        W, b = np.zeros((k, d), dtype=X.dtype), np.zeros(k, dtype=X.dtype)
        objective = type(self)._objective  # validated once above; the loop calls the kernel
        self.loss_curve_ = [objective(W, b, X, codes, self.l2)[0]]
        for _ in range(self.epochs):
            order = rng.permutation(n)
            for start in range(0, n, self.batch_size):
                batch = order[start:start + self.batch_size]
                _, grad_W, grad_b = objective(W, b, X[batch], codes[batch], self.l2)
                W -= self.learning_rate * grad_W
                b -= self.learning_rate * grad_b
            self.loss_curve_.append(objective(W, b, X, codes, self.l2)[0])
        if not np.isfinite(self.loss_curve_[-1]) or self.loss_curve_[-1] > self.loss_curve_[0]:
            raise ValueError(f"training did not lower the loss ({self.loss_curve_[0]:.4g} -> "
                             f"{self.loss_curve_[-1]:.4g}): the steps diverged or oscillated; "
                             "lower learning_rate or scale the features to [0, 1]")
        self.coef_, self.intercept_ = W, b
        return self

    def decision_function(self, X):
        """Class scores ``X @ coef_.T + intercept_``, shape (n, k).

        Parameters
        ----------
        X : array_like, shape (n, d)
            Samples as rows, with the ``d`` features the model was fitted on.

        Returns
        -------
        ndarray, shape (n, k)
            Column j is the score (logit) of ``classes_[j]``.
        """
        self._check_fitted()
        return as_design_matrix(X, n_features=self.coef_.shape[1], copy=False) @ self.coef_.T + self.intercept_

    def predict(self, X):
        """The class with the highest score, as a value of ``classes_``.

        Parameters
        ----------
        X : array_like, shape (n, d)
            Samples as rows.

        Returns
        -------
        ndarray, shape (n,)
            ``classes_[argmax]`` of each row of :meth:`decision_function`.
        """
        self._check_fitted()
        return self.classes_[self.decision_function(X).argmax(axis=1)]


class SoftmaxRegression(_MulticlassLinear):
    """Multinomial (softmax) logistic regression, trained by mini-batch gradient descent.

    Introduced in chapter 4.

    Parameters
    ----------
    learning_rate : float, default 0.5
    epochs : int, default 20
        Passes over the training data.
    batch_size : int, default 128
    l2 : float, default 1e-4
        Penalty ``l2 / 2 * ||W||^2`` on the weights (not the intercepts).
    seed : int, default 0
        Seed of the order in which mini-batches are drawn.

    Attributes
    ----------
    classes_ : ndarray, shape (k,)
        The label values, sorted; column j of the scores belongs to ``classes_[j]``.
    coef_ : ndarray, shape (k, d)
    intercept_ : ndarray, shape (k,)
    loss_curve_ : list of float
        The full training objective before training and after each epoch.

    Examples
    --------
    >>> X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]] * 5)
    >>> y = np.array(["a", "b", "c", "c"] * 5)
    >>> model = SoftmaxRegression(learning_rate=1.0, epochs=200, batch_size=4, l2=0.0).fit(X, y)
    >>> model.predict([[0.0, 1.0]]).tolist()
    ['b']
    """

    _objective = staticmethod(_softmax_objective)

    def predict_proba(self, X):
        """Softmax of the class scores, shape (n, k); rows sum to 1.

        Parameters
        ----------
        X : array_like, shape (n, d)
            Samples as rows.

        Returns
        -------
        ndarray, shape (n, k)
            ``softmax`` of each row of :meth:`decision_function`: column j is the predicted
            probability of ``classes_[j]``.
        """
        return _softmax(self.decision_function(X), axis=1)


class OneVsRestLogistic(_MulticlassLinear):
    """One binary logistic regression per class ("this class or not"), all trained at once.

    Introduced in chapter 4. Parameters and attributes as :class:`SoftmaxRegression`; the
    objective is :func:`one_vs_rest_objective`. ``predict`` takes the argmax of the raw
    scores; ``predict_proba`` divides each class's sigmoid by their sum, as scikit-learn's
    ``OneVsRestClassifier`` does (not a softmax: see chapter 2).

    Parameters
    ----------
    learning_rate : float, default 0.5
    epochs : int, default 20
        Passes over the training data.
    batch_size : int, default 128
    l2 : float, default 1e-4
        Penalty ``l2 / 2 * ||W||^2`` on the weights (not the intercepts).
    seed : int, default 0
        Seed of the order in which mini-batches are drawn.

    Attributes
    ----------
    classes_ : ndarray, shape (k,)
        The label values, sorted; row j of ``coef_`` is the classifier of ``classes_[j]``
        against the rest.
    coef_ : ndarray, shape (k, d)
    intercept_ : ndarray, shape (k,)
    loss_curve_ : list of float
        The full training objective before training and after each epoch.

    Examples
    --------
    >>> X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]] * 5)
    >>> y = np.array(["a", "b", "c", "c"] * 5)
    >>> model = OneVsRestLogistic(learning_rate=1.0, epochs=200, batch_size=4, l2=0.0).fit(X, y)
    >>> model.predict([[0.0, 1.0]]).tolist()
    ['b']
    """

    _objective = staticmethod(_one_vs_rest_objective)

    def predict_proba(self, X):
        """Each class's sigmoid, normalised to sum to 1 over the classes.

        Parameters
        ----------
        X : array_like, shape (n, d)
            Samples as rows.

        Returns
        -------
        ndarray, shape (n, k)
            ``sigmoid(scores)`` divided by its row sum: column j estimates the probability of
            ``classes_[j]``. The k binary models were trained apart, so this is a
            normalisation, not a softmax.
        """
        p = _sigmoid(self.decision_function(X))
        return p / p.sum(axis=1, keepdims=True)
