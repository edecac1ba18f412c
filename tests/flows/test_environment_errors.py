"""`bitext run` when its environment fails: a full disk, a Prefect server that does not answer, a temporary
server that does not come up. Each is one line that says what to do, exit status 2, never retried."""

import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import run_bitext, small_config


def _full_disk_command(mount: str, size: str) -> list[str] | None:
    """A command prefix that runs its command with a tmpfs of `size` mounted on `mount` (a private mount
    namespace: nothing outside the command sees it); None where this machine cannot make one."""
    prefix = ["unshare", "-rm", "sh", "-c", 'mount -t tmpfs -o size="$1" tmpfs "$0" && shift && exec "$@"', mount,
              size]
    if shutil.which("unshare") is None or subprocess.run([*prefix, "true"], capture_output=True).returncode != 0:
        return None
    return prefix


# 16k: full while the first files are sharded (tasks fail); 256k: full once every task is done, while the flow
# itself writes the report.
@pytest.mark.parametrize("size", ["16k", "256k"])
def test_a_full_disk_is_one_line_naming_the_file_and_is_not_retried(tmp_path, bitext_env, size):
    workdir = tmp_path / "work"
    workdir.mkdir()
    prefix = _full_disk_command(str(workdir), size)
    if prefix is None:
        pytest.skip("cannot mount a small tmpfs here (unshare -rm: no user namespaces)")
    bitext = str(Path(sys.executable).parent / "bitext")
    proc = subprocess.run([*prefix, bitext, "run", str(small_config(tmp_path)), "--workdir", str(workdir)],
                          env=bitext_env, capture_output=True, text=True, timeout=300)
    out = proc.stdout + proc.stderr
    errors = [line for line in out.splitlines() if line.startswith("error: ")]
    assert proc.returncode == 2 and len(errors) == 1, out
    # the file when the write says which (numpy's and Arrow's do not: atomic_path knows), else the work directory
    path = errors[0].removeprefix("error: ").split(": ")[0]
    assert path == str(workdir) or path.startswith(f"{workdir}/"), errors[0]
    assert "no space left on device (disk full); free space on that disk" in errors[0]
    assert "Traceback" not in out and "Retry 1/" not in out, out
    assert not (workdir / "report.md").exists()


def test_a_prefect_api_url_where_nothing_answers_is_one_line(tmp_path, bitext_env):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}/api"
    proc = run_bitext(["run", str(small_config(tmp_path))], {**bitext_env, "PREFECT_API_URL": url})
    out, _ = proc.communicate(timeout=120)
    assert proc.returncode == 2, out
    assert out == (f"error: PREFECT_API_URL={url}: no Prefect server answers ([Errno 111] Connection refused); "
                   "start it (`prefect server start`) or unset PREFECT_API_URL to run on a temporary server\n")
    assert not (tmp_path / "work" / "pairs").exists()


def test_a_temporary_server_that_does_not_come_up_in_time_is_one_line(tmp_path, bitext_env):
    env = {k: v for k, v in bitext_env.items() if k != "PREFECT_API_URL"}
    config = str(small_config(tmp_path))
    script = f"import flows.ephemeral\nflows.ephemeral._START_TIMEOUT_S = 0.05\nimport bitext_cli\n" \
             f"bitext_cli.main(['run', {config!r}])"
    proc = subprocess.run([sys.executable, "-c", script], env={**env, "PREFECT_HOME": str(tmp_path / "home")},
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stderr == ("error: Prefect's temporary server did not answer within 0.05 s; set PREFECT_API_URL "
                           "to a running server (`prefect server start`)\n")
