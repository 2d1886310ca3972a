import pytest


@pytest.fixture(autouse=True)
def _fresh_network_cache():
    """Allowed networks are cached per process (attendance.selectors); each test's rows are rolled back."""
    from attendance.selectors import forget_networks

    forget_networks()
    yield
    forget_networks()
