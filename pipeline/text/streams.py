"""Byte streams of crawl files: compression found by magic number, so a misnamed file still reads."""

import gzip
import io
import lzma
from pathlib import Path
from typing import IO

_GZIP, _XZ, _ZSTD = b"\x1f\x8b", b"\xfd7zXZ\x00", b"\x28\xb5\x2f\xfd"

# What a damaged compressed stream raises: truncated gzip/xz/zstd, bad CRCs, garbage.
STREAM_ERRORS: tuple[type[BaseException], ...] = (EOFError, OSError, lzma.LZMAError, ValueError)


def open_bytes(path: Path) -> IO[bytes]:
    """The decompressed bytes of a plain, gzip, xz or zstd file, buffered (readline and peek work)."""
    with open(path, "rb") as probe:
        head = probe.read(6)
    if head.startswith(_GZIP):
        return gzip.open(path, "rb")
    if head.startswith(_XZ):
        return lzma.open(path, "rb")
    if head.startswith(_ZSTD):
        return io.BufferedReader(_ZstdReader(open(path, "rb")), buffer_size=1 << 16)
    return open(path, "rb")


class _ZstdReader(io.RawIOBase):
    """Zstandard frames one after another; unlike zstandard's stream_reader, a truncated frame raises EOFError."""

    def __init__(self, raw: IO[bytes]):
        import zstandard

        self._zstd = zstandard
        self._raw = raw
        self._frame = zstandard.ZstdDecompressor().decompressobj()
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._pending:
            chunk = self._raw.read(1 << 16)
            if not chunk:
                if not self._frame.eof:
                    raise EOFError("zstd stream ended in the middle of a frame")
                return 0
            self._pending = self._decompress(chunk)
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n

    def _decompress(self, chunk: bytes) -> bytes:
        out = []
        while chunk:
            if self._frame.eof:
                self._frame = self._zstd.ZstdDecompressor().decompressobj()
            try:
                out.append(self._frame.decompress(chunk))
            except self._zstd.ZstdError as exc:
                raise OSError(f"corrupt zstd data ({exc})") from None
            chunk = self._frame.unused_data if self._frame.eof else b""
        return b"".join(out)

    def close(self) -> None:
        self._raw.close()
        super().close()
