"""Who reaches the materials URLs (merged into accounts/tests/test_permission_matrix.py).

Everyone in the unit reads the library and adds to it; the uploader (cast.staff for the sample) and the
library keeper (document register duty) edit and archive. The sample is an internal item with a text file."""

from __future__ import annotations

from accounts.tests.matrix_rules import BUSINESS, action, form, page

CHANGERS = frozenset({"staff", "duty_holder"})


def _material_id(ctx) -> int:
    if not hasattr(ctx, "_material_id"):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from materials.services import material_create

        material = material_create(
            actor=ctx.cast.staff,
            title="干部考核学习资料",
            category="study",
            body="干部考核工作要点。",
            file=SimpleUploadedFile("要点.txt", "干部考核工作要点".encode(), content_type="text/plain"),
        )
        ctx._material_id = material.pk
    return ctx._material_id


ROWS = {
    "materials:list": page(BUSINESS),
    "materials:create": form(BUSINESS),
    "materials:detail": page(BUSINESS),
    "materials:edit": form(CHANGERS),
    "materials:archive": action(CHANGERS),
    "materials:download": page(BUSINESS),
}
SAMPLES = {"material_id": _material_id}
