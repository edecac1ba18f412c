"""Near-duplicate sentences (same text up to a few characters or numbers), found with MinHash LSH.

Uses datasketch. The LSH index holds a signature for every kept sentence, so unlike exact deduplication its
memory grows with the language's sentences; that is why it is off unless `near_dedup_threshold` is set.
"""

import numpy as np
import regex

_DIGIT = regex.compile(r"\p{N}")
_SHINGLE = 4
_NUM_PERM = 64


def shingles(text: str) -> list[bytes]:
    """Character 4-grams of the lower-cased text with digits folded, so prices and dates do not differ."""
    folded = _DIGIT.sub("0", text.lower())
    grams = {folded[i:i + _SHINGLE] for i in range(max(1, len(folded) - _SHINGLE + 1))}
    return [g.encode("utf-8") for g in grams]


class NearDuplicates:
    def __init__(self, threshold: float):
        from datasketch import MinHashLSH

        self._lsh = MinHashLSH(threshold=threshold, num_perm=_NUM_PERM)

    def first_seen(self, keys: np.ndarray, texts: list[str]) -> np.ndarray:
        """Mask of the texts not near-duplicating one seen before (here or in earlier calls); those are remembered."""
        from datasketch import LeanMinHash, MinHash

        keep = np.ones(len(texts), dtype=bool)
        for i, signature in enumerate(MinHash.bulk([shingles(t) for t in texts], num_perm=_NUM_PERM)):
            if self._lsh.query(signature):
                keep[i] = False
            else:
                self._lsh.insert(int(keys[i]), LeanMinHash(signature), check_duplication=False)
        return keep
