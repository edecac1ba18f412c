"""Run a benchmark worker in its own process and read its wall time and peak resident memory;
print the results as a Markdown table for the README."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path


def run_worker(script: Path, args: list[str]) -> dict:
    """Wall seconds, peak RSS (MiB) and the JSON the worker printed on its last line."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, str(script), *args], stdout=subprocess.PIPE, text=True)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"worker {args} failed with status {proc.returncode}")
    result = json.loads(out.strip().splitlines()[-1])
    return {**result, "wall_s": round(wall, 1), "peak_rss_mib": round(usage.ru_maxrss / 1024)}


def load_average() -> float:
    return round(os.getloadavg()[0], 2)


def print_table(header: list[str], rows: list[list]) -> None:
    """A Markdown table: the first column left-aligned (names), the others right-aligned (numbers)."""
    print("| " + " | ".join(header) + " |")
    print("|---|" + "---:|" * (len(header) - 1))
    for row in rows:
        print("| " + " | ".join(str(cell) for cell in row) + " |")
