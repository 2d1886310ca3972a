import time

import pytest

from documents.demo import build_demo as build_demo_documents
from documents.models import Document
from org.demo import build_demo

pytestmark = pytest.mark.django_db


def test_demo_documents_cover_the_states():
    result = build_demo(password="Zugong@2026")
    started = time.monotonic()
    build_demo_documents(result)
    assert time.monotonic() - started < 5
    documents = {d.title: d for d in Document.objects.all()}
    assert len(documents) == 4
    issued = next(d for d in documents.values() if d.status == Document.Status.ISSUED)
    assert issued.number.startswith("示组发〔") and issued.number.endswith("〕1号")
    assert any(d.status == Document.Status.REVIEW and d.version_count == 2 for d in documents.values())
    restricted = next(d for d in documents.values() if d.sensitivity == "restricted")
    assert {p.user.username for p in restricted.need_to_know.all()} == {"buzhang", "changwu"}
