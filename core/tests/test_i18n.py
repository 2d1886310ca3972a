"""Every app's Chinese catalog is complete: no empty or fuzzy translation."""

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGS = sorted(p for p in ROOT.glob("*/locale/zh_Hans/LC_MESSAGES/django.po") if ".venv" not in p.parts)


def test_there_are_catalogs():
    assert {p.parts[-5] for p in CATALOGS} >= {"core", "approvals", "goingout", "notify"}


@pytest.mark.parametrize("po_path", CATALOGS, ids=lambda p: p.parts[-5])
def test_catalog_is_complete(po_path):
    po = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"untranslated in {po_path}: {untranslated[:5]}"
    assert not fuzzy, f"fuzzy in {po_path}: {fuzzy[:5]}"


def test_workbench_is_in_chinese(cast, login):
    response = login(cast.staff).get("/workbench/")
    assert "工作台" in response.content.decode()
