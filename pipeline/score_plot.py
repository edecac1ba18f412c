"""Histogram of candidate margin scores per language pair, with the threshold marked."""

from pathlib import Path

import pyarrow.parquet as pq

from pipeline.atomic import atomic_path


def score_name(scoring: str) -> str:
    return "learned quality" if scoring == "learned" else "margin score"


def plot_scores(candidates: dict[str, Path], scoring: str, threshold: float, out: Path) -> Path:
    """One panel per pair: every kNN candidate's score (the one the threshold applies to); the pairs
    kept lie right of the line (if their cosine also passes the floor)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    column = "quality" if scoring == "learned" else "score"
    fig, axes = plt.subplots(len(candidates), 1, figsize=(7, 2.2 * len(candidates)), squeeze=False)
    for ax, (name, path) in zip(axes[:, 0], candidates.items()):
        scores = pq.read_table(path, columns=[column]).column(column).to_numpy()
        ax.hist(scores, bins=60, color="#4c72b0")
        ax.axvline(threshold, color="#c44e52", linestyle="--", label=f"threshold {threshold:.3f}")
        ax.set_title(f"{name}: {len(scores)} candidates, {int((scores >= threshold).sum())} at or above threshold",
                     fontsize=9)
        ax.set_ylabel("candidates")
        ax.legend(fontsize=8)
    axes[-1, 0].set_xlabel(score_name(scoring))
    fig.tight_layout()
    with atomic_path(out) as tmp:
        fig.savefig(tmp, dpi=100, format="png")
    plt.close(fig)
    return out
