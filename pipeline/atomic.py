"""Write-then-rename, so a crashed run never leaves a file that looks finished; a full disk is one line."""

import errno
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.errors import BitextError
from pipeline.paths import output_file

_NO_SPACE = {errno.ENOSPC, errno.EDQUOT}


def disk_full(exc: BaseException) -> bool:
    """A write failed for want of space or quota: it fails the same way until someone frees space, so
    it is worth no retry and no traceback."""
    return isinstance(exc, OSError) and exc.errno in _NO_SPACE


def disk_full_error(path: Path | str, exc: OSError) -> BitextError:
    return BitextError(f"{path}: {os.strerror(exc.errno).lower()} (disk full); free space on that disk or write "
                       "elsewhere, then run again (finished steps are kept)")


@contextmanager
def atomic_path(final: Path | str) -> Iterator[Path]:
    """Yield a temporary sibling of `final`; rename it into place only if the block succeeds.

    The temporary name keeps the real suffix (writers such as numpy append `.npy` otherwise)
    and starts with `.tmp-` so directory listings and globs for outputs never match it.
    """
    final = output_file(final)       # a directory in the way is a one-line error, not a failed rename
    tmp = final.with_name(f".tmp-{uuid.uuid4().hex[:8]}-{final.name}")
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        yield tmp
        os.replace(tmp, final)
    except OSError as exc:
        if disk_full(exc):      # numpy and Arrow do not say which file; this is it
            raise disk_full_error(final, exc) from None
        raise
    finally:
        tmp.unlink(missing_ok=True)
