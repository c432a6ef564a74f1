"""The chapter 6 loss in PyTorch, for readers who train with it (torch is optional).

Shown in chapter 6. The same segment-id idea as
``helpers.ragged.centroid_hinge_loss``: ``index_add_`` sums the points of each (item, class)
segment, a gather fetches each point's centroid, and ``index_add_`` again averages the
per-point hinge inside each segment. It is differentiable, so ``loss.sum().backward()``
works. Importing this module does not import torch; calling the function does.
"""


def centroid_hinge_loss_torch(X, labels, delta):
    """X: float tensor (B, N, d); labels: int64 tensor (B, N); returns the (B,) losses."""
    import torch

    B, N, d = X.shape
    K = int(labels.max()) + 1
    segments = (labels + K * torch.arange(B, device=X.device)[:, None]).reshape(-1)  # (B*N,)
    points = X.reshape(B * N, d)
    counts = torch.bincount(segments, minlength=B * K).to(X.dtype)
    sums = torch.zeros(B * K, d, dtype=X.dtype, device=X.device).index_add_(0, segments, points)
    centroids = sums / counts.clamp(min=1)[:, None]  # empty segments: 0 / 1, never read below
    distances = torch.linalg.vector_norm(points - centroids[segments], dim=1)
    hinge = torch.clamp(distances - delta, min=0.0) ** 2
    class_means = torch.zeros(B * K, dtype=X.dtype, device=X.device).index_add_(
        0, segments, hinge / counts[segments])
    return class_means.reshape(B, K).sum(dim=1)
