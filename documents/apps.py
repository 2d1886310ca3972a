from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"

    def ready(self) -> None:
        from django.urls import reverse

        from accounts.models import Duty
        from approvals import registry
        from approvals.models import Node
        from core import nav
        from core.access import has_duty, is_business_user
        from core.demo import register_demo
        from documents import services
        from documents.demo import build_demo
        from documents.models import Document
        from org.models import Position

        registry.register(
            registry.RequestKind(
                code=services.KIND,
                label=_("Document"),
                model=Document,
                on_approved=services.on_approved,
                on_rejected=services.on_rejected,
                on_returned=services.on_returned,
                detail_url=lambda document: reverse("documents:detail", args=[document.pk]),
                # 核稿 → 会签 → 分管领导审核 → 办公室审核 → 主要领导签发 (important / upward; adjust_nodes
                # drops it otherwise and lets the supervising leader sign after the office).
                default_rules=[
                    {
                        "positions": [],
                        "days_above": 0,
                        "nodes": [
                            Node.SECTION_HEAD,
                            Node.COUNTERSIGN,
                            Node.SUPERVISOR,
                            Node.OFFICE_HEAD,
                            Node.PRINCIPAL,
                        ],
                    }
                ],
                adjust_nodes=services.adjust_nodes,
                countersigners=services.countersigners,
                validate_decision=services.validate_decision,
            )
        )

        def is_leader(user) -> bool:
            # No query of its own on every page: position is on the row, duties are cached per request.
            return is_business_user(user) and (
                user.staff.position >= Position.DEPUTY or has_duty(user, Duty.DOCUMENT_REGISTER)
            )

        nav.register("documents", _("My drafts"), "documents:mine", visible=is_business_user, order=10)
        nav.register("documents", _("New document"), "documents:create", visible=is_business_user, order=20)
        nav.register("documents", _("All documents"), "documents:list", visible=is_business_user, order=30)
        nav.register("documents", _("Outgoing register"), "documents:register", visible=is_business_user, order=40)
        nav.register("documents", _("Reviewer figures"), "documents:figures", visible=is_leader, order=50)
        nav.register(
            "documents",
            _("Document settings"),
            "documents:settings",
            visible=lambda user: has_duty(user, Duty.BUSINESS_SETTINGS),
            order=60,
        )
        register_demo("documents", build_demo, order=80)
