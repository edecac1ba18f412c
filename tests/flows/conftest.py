import pytest


@pytest.fixture(scope="session", autouse=True)
def prefect_server():
    """A throwaway Prefect server and database, stopped before pytest closes its streams."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield
