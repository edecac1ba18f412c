"""Decoded lines of one input file, bounded in length; damaged input is counted, or fatal when strict."""

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from pipeline.errors import BitextError
from pipeline.stats import StageStats
from pipeline.text.streams import STREAM_ERRORS, open_bytes

log = logging.getLogger(__name__)

_PROBE = 8192          # bytes looked at for NULs before a "text" file is read
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class ReadOptions:
    text_field: str = "text"            # JSON Lines field / Parquet column holding the document
    max_line_bytes: int = 1 << 20       # longer lines (and WARC payloads) are cut here
    strict: bool = False                # damaged input stops the run instead of being counted


@dataclass
class Source:
    """One input file being read, and where its problems go."""

    path: Path
    stats: StageStats
    options: ReadOptions = field(default_factory=ReadOptions)

    def fault(self, reason: str, detail: str, whole_file: bool = False) -> None:
        """Count damaged input under `reason` and go on; when strict, stop with one line naming the file."""
        if self.options.strict:
            raise BitextError(f"{self.path}: {detail}")
        log.log(logging.WARNING if whole_file else logging.DEBUG, "%s: %s (counted as %s)", self.path, detail,
                reason)
        self.stats.drop(reason)


def iter_lines(path: Path, stats: StageStats, options: ReadOptions | None = None) -> Iterator[str]:
    """Decoded lines of a text file; undecodable lines and unreadable tails are counted and skipped."""
    return source_lines(Source(Path(path), stats, options or ReadOptions()))


def source_lines(src: Source, keep_cut: bool = True) -> Iterator[str]:
    """Lines of `src`; a line cut at `max_line_bytes` is kept as its start, or skipped when not `keep_cut`."""
    limit = src.options.max_line_bytes
    try:
        with open_bytes(src.path) as fh:
            if b"\x00" in fh.peek(_PROBE)[:_PROBE]:
                src.fault("binary_file", "binary data (NUL bytes), not text; file skipped", whole_file=True)
                return
            for number, (raw, cut) in enumerate(bounded_lines(fh, limit), 1):
                text = decode_line(raw.removeprefix(_BOM) if number == 1 else raw, cut)
                if text is None:
                    src.fault("invalid_utf8", f"line {number} is not valid UTF-8")
                elif "\x00" in text:
                    src.fault("nul_bytes", f"line {number} holds NUL bytes")
                elif cut:
                    src.fault("line_truncated", f"line {number} is longer than {limit} bytes; "
                              + ("kept its start" if keep_cut else "skipped"))
                    if keep_cut:
                        yield text
                else:
                    yield text
    except STREAM_ERRORS as exc:
        src.fault("unreadable_file", f"stopped reading ({exc}); lines before it are kept", whole_file=True)


def bounded_lines(fh: IO[bytes], limit: int) -> Iterator[tuple[bytes, bool]]:
    """Lines without their ending, and whether each was cut at `limit` bytes (its rest is skipped, never held)."""
    while line := fh.readline(limit):
        cut = len(line) >= limit and not line.endswith(b"\n")
        if cut:
            while (rest := fh.readline(limit)) and not rest.endswith(b"\n"):
                pass
        yield line.rstrip(b"\r\n"), cut


def decode_line(raw: bytes, cut: bool = False) -> str | None:
    """UTF-8 text of a line, or None; a cut line may end in the middle of a character, which is dropped."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if cut and exc.start >= len(raw) - 3:
            return raw[:exc.start].decode("utf-8")
        return None
