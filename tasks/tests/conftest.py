import pytest

from tasks.tests.helpers import TODAY, at


@pytest.fixture(autouse=True)
def _today(request, time_machine):
    if request.node.get_closest_marker("browser"):
        return
    time_machine.move_to(at(TODAY), tick=False)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
