"""Which sentence follows which in its document: the only sentences a translator's split can join.

Two rows are adjacent when they come from the same input file and document and their positions
differ by one. Positions count every sentence the splitter produced, dropped ones included, so a
sentence dropped in between (too short, wrong language, a duplicate) leaves its neighbours apart:
they were not next to each other in what was mined.
"""

from dataclasses import dataclass

import numpy as np
import pyarrow as pa


@dataclass(frozen=True)
class Adjacency:
    """For each row of one side, the row of the next and of the previous sentence of its document (-1: none);
    and, where built from the shards, each row's document (a code per input file and document) and position."""

    next: np.ndarray
    prev: np.ndarray
    doc: np.ndarray | None = None
    position: np.ndarray | None = None

    @classmethod
    def of(cls, source: np.ndarray, doc_id: np.ndarray, position: np.ndarray) -> "Adjacency":
        """From per-row source codes (any integer labels of the input file), document ids and positions."""
        order = np.lexsort((position, doc_id, source))
        s, d, p = source[order], doc_id[order], position[order]
        follows = (s[1:] == s[:-1]) & (d[1:] == d[:-1]) & (p[1:] == p[:-1] + 1)
        nxt, prev = np.full(len(order), -1, np.int64), np.full(len(order), -1, np.int64)
        nxt[order[:-1][follows]] = order[1:][follows]
        prev[order[1:][follows]] = order[:-1][follows]
        doc = np.empty(len(order), np.int64)
        doc[order] = np.cumsum(np.r_[0, (s[1:] != s[:-1]) | (d[1:] != d[:-1])]) if len(order) else []
        return cls(nxt, prev, doc, np.asarray(position, np.int64))

    @classmethod
    def from_table(cls, table: pa.Table) -> "Adjacency":
        """From the language-ID shards' rows (`source`, `doc_id`, `position`), in the order they are read (the
        order of the side's embeddings)."""
        source = table.column("source").combine_chunks().dictionary_encode().indices.to_numpy()
        return cls.of(source, table.column("doc_id").to_numpy(), table.column("position").to_numpy())
