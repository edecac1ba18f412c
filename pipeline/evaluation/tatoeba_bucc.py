"""The BUCC-style benchmark built from Tatoeba pairs: used to calibrate and compare miners.

For each XXX-eng pair and seed: keep 60% of the pairs, leave 20% of the sentences on each
side without their translation, and add distractor English sentences from the other pairs'
English sides.
"""

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from pipeline.evaluation.bucc import BuccTask, build_task
from pipeline.evaluation.tatoeba import find_pairs, read_parallel


@dataclass(frozen=True)
class LangTask:
    lang: str
    seed: int
    task: BuccTask


def tatoeba_bucc_tasks(data_dir: Path, langs: list[str], seeds: list[int],
                       n_distractors: int = 4000) -> list[LangTask]:
    pairs = {lang: read_parallel(*files) for lang, files in find_pairs(data_dir).items()}
    tasks = []
    for lang in langs:
        others = [s for other, (_, eng) in pairs.items() if other != lang for s in eng]
        for seed in seeds:
            task = build_task(f"{lang}-eng", *pairs[lang], others, n_distractors=n_distractors, seed=seed)
            tasks.append(LangTask(lang, seed, task))
    return tasks


class CachedEmbedder:
    """Each distinct sentence embedded once across all tasks."""

    def __init__(self, encoder):
        self.encoder = encoder
        self.cache: dict[str, np.ndarray] = {}

    def __call__(self, texts: list[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self.cache]
        if missing:
            self.cache.update(zip(missing, self.encoder.encode(missing)))
        return np.stack([self.cache[t] for t in texts])
