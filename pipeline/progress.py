"""Progress over long loops: a tqdm bar on a terminal, plain log lines otherwise (CI, files)."""

import logging
import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

from tqdm import tqdm

T = TypeVar("T")


def progress(items: Iterable[T], total: int, desc: str, log: logging.Logger) -> Iterator[T]:
    if sys.stderr.isatty():
        yield from tqdm(items, total=total, desc=desc, unit="task", leave=False)
        return
    every = max(1, total // 10)  # about ten lines per loop, whatever its length
    for done, item in enumerate(items, 1):
        if done % every == 0 or done == total:
            log.info("%s: %d/%d done", desc, done, total)
        yield item
