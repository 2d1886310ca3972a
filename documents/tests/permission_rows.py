"""Who reaches the documents URLs (merged into accounts/tests/test_permission_matrix.py)."""

from accounts.tests.matrix_rules import BUSINESS, NOBODY, action, form, only, page


def _document_id(ctx) -> int:
    """One internal draft by cast.staff, shared by every row."""
    if not hasattr(ctx, "_document_id"):
        from documents.services import document_create

        document = document_create(
            actor=ctx.cast.staff,
            fields={"doc_type": "notice", "title": "关于召开组织工作会议的通知", "body": "一、会议时间\n12月1日。"},
        )
        ctx._document_id = document.pk
    return ctx._document_id


_export = page(NOBODY)
page_with_fmt = type(_export)(get=_export.get, post=_export.post, kwargs={"fmt": "x"})

ROWS = {
    "documents:list": page(BUSINESS),
    "documents:mine": page(BUSINESS),
    "documents:create": form(BUSINESS),
    "documents:register": page(BUSINESS),
    "documents:register_export": page(BUSINESS),
    "documents:figures": page(frozenset({"supervisor", "principal", "duty_holder"})),
    "documents:settings": form(only("duty_holder")),
    "documents:detail": page(BUSINESS),
    "documents:edit": form(only("staff")),
    "documents:submit": action(BUSINESS),
    "documents:decide": action(BUSINESS),
    "documents:reconfirm": action(BUSINESS),
    "documents:issue": action(BUSINESS),
    "documents:archive": action(BUSINESS),
    "documents:versions": page(BUSINESS),
    # An unknown format: nobody gets anything (the real formats are tested in test_views).
    "documents:export": page_with_fmt,
    "documents:attachment_upload": action(BUSINESS),
    "documents:attachment_download": page(NOBODY),
    "documents:attachment_delete": action(NOBODY),
}

SAMPLES = {"document_id": _document_id}
