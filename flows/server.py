"""The Prefect server that `PREFECT_API_URL` names: checked to answer before a run or a schedule relies on it.

Prefect itself finds out only once a flow starts, after retries, as a page of chained tracebacks.
"""

import urllib.error
import urllib.request

from pipeline.errors import BitextError

START_ONE = "start one with `prefect server start` and set PREFECT_API_URL=http://127.0.0.1:4200/api"


def configured_api_url() -> str | None:
    """The server named by the environment or the active Prefect profile, if any."""
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value() or None


def check_answers(url: str, what_to_do: str, timeout_s: float = 10) -> None:
    """One request to the API's health endpoint; any HTTP answer counts (a server that wants a key is there)."""
    try:
        urllib.request.urlopen(f"{url.rstrip('/')}/health", timeout=timeout_s).close()
    except urllib.error.HTTPError:
        return
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise BitextError(f"PREFECT_API_URL={url}: no Prefect server answers ({reason}); {what_to_do}") from None


def lasting_server() -> str:
    """The API URL of a running server that outlives the process: what a schedule needs (Prefect's temporary
    server goes with the process that started it, and its scheduler never creates a run)."""
    url = configured_api_url()
    if url is None:
        raise BitextError(f"bitext serve needs a Prefect server that outlives it (PREFECT_API_URL is not set): "
                          f"{START_ONE}")
    check_answers(url, START_ONE)
    return url
