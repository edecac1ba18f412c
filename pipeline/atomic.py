"""Write-then-rename, so a crashed run never leaves a file that looks finished."""

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.paths import output_file


@contextmanager
def atomic_path(final: Path | str) -> Iterator[Path]:
    """Yield a temporary sibling of `final`; rename it into place only if the block succeeds.

    The temporary name keeps the real suffix (writers such as numpy append `.npy` otherwise)
    and starts with `.tmp-` so directory listings and globs for outputs never match it.
    """
    final = output_file(final)       # a directory in the way is a one-line error, not a failed rename
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = final.with_name(f".tmp-{uuid.uuid4().hex[:8]}-{final.name}")
    try:
        yield tmp
        os.replace(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)
