"""PNG plots for evaluation and run reports (matplotlib, headless)."""

from pathlib import Path

from pipeline.atomic import atomic_path


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")  # no display on servers and CI
    import matplotlib.pyplot as plt

    return plt


def precision_recall_png(result, path: Path, title: str) -> Path:
    """Precision-recall curve with the configured decision and the best-F1 point marked."""
    plt = _pyplot()
    c = result.curve
    fig, ax = plt.subplots(figsize=(5.5, 4.5))
    ax.plot(c.recall, c.precision, lw=1.5, label="miner, every threshold")
    ax.scatter([result.recall], [result.precision], color="tab:red", zorder=3,
               label=f"configured: margin >= {result.threshold:.3f} (F1 {result.f1:.3f})")
    best = int(c.f1.argmax()) if len(c.f1) else None
    if best is not None:
        ax.scatter([c.recall[best]], [c.precision[best]], color="tab:green", marker="*", s=120, zorder=3,
                   label=f"best F1 {result.best_f1:.3f} at {result.best_threshold:.3f}")
    ax.set(xlabel="recall", ylabel="precision", xlim=(0, 1), ylim=(0, 1.02), title=title)
    ax.grid(alpha=0.3)
    ax.legend(loc="lower left", fontsize=8)
    fig.tight_layout()
    with atomic_path(path) as tmp:
        fig.savefig(tmp, format="png", dpi=110)
    plt.close(fig)
    return Path(path)
