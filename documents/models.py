"""Official documents (公文): drafting, review through the approval mechanism, sign-off, 复核,
numbering (发文字号), issue and archive (REFERENCE.md §3, DESIGN.md "Documents with real review").

The document row holds the current text; every save by the drafter or a reviewer in place is an
immutable `DocumentVersion`, so any two rounds can be compared.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.sensitivity import Sensitivity


class DocType(models.TextChoices):
    """The 15 文种 of the 条例 (art. 8) and the department's everyday texts."""

    RESOLUTION = "resolution", "决议"
    DECISION = "decision", "决定"
    ORDER = "order", "命令（令）"
    COMMUNIQUE = "communique", "公报"
    ANNOUNCEMENT = "announcement", "公告"
    PUBLIC_NOTICE = "public_notice", "通告"
    OPINION = "opinion", "意见"
    NOTICE = "notice", "通知"
    BULLETIN = "bulletin", "通报"
    REPORT = "report", "报告"
    REQUEST = "request", "请示"
    REPLY = "reply", "批复"
    MOTION = "motion", "议案"
    LETTER = "letter", "函"
    MINUTES = "minutes", "纪要"
    SPEECH = "speech", "讲话稿"
    PLAN = "plan", "方案"
    SUMMARY = "summary", "总结"
    BRIEFING = "briefing", "汇报材料"


# The everyday texts are internal: no 发文字号 element, no 主送机关 required.
EVERYDAY_TYPES = {DocType.SPEECH, DocType.PLAN, DocType.SUMMARY, DocType.BRIEFING}
# 上行文 by nature: 请示 and 报告 go to the higher level.
UPWARD_TYPES = {DocType.REQUEST, DocType.REPORT}


def doc_type_label(code: str) -> str:
    """The word a title ends with: "命令（令）" ends a title as "令"."""
    label = str(DocType(code).label)
    return "令" if code == DocType.ORDER else label


class Urgency(models.TextChoices):
    NONE = "", _("Normal")
    URGENT = "加急", _("Urgent (加急)")
    EXTRA = "特急", _("Extra urgent (特急)")


class DocumentSettings(models.Model):
    """Per-unit document settings, kept by the office (business settings duty)."""

    class Principal(models.TextChoices):
        IMPORTANT_UPWARD = "important_upward", _("Important and upward documents")
        ALL = "all", _("All documents")

    unit = models.OneToOneField("org.Unit", on_delete=models.CASCADE, related_name="+", verbose_name=_("unit"))
    principal_signs = models.CharField(
        _("the principal leader signs off"),
        max_length=20,
        choices=Principal.choices,
        default=Principal.IMPORTANT_UPWARD,
    )
    empty_phrases = models.TextField(
        _("empty phrases refused as an opinion"),
        blank=True,
        default="同意\n已阅\n拟同意\n可以\n好\n阅\n同意印发\n无意见\n没意见\n行\n照办\n已审\n请阅",
        help_text=_("One per line; punctuation and spaces are ignored when comparing."),
    )
    min_opinion_length = models.PositiveSmallIntegerField(_("minimum opinion length (characters)"), default=10)
    number_prefixes = models.TextField(
        _("number prefixes"), blank=True, help_text=_("One per line, e.g. 示组发; empty: the unit's short name + 组发.")
    )

    class Meta:
        verbose_name = _("document settings")
        verbose_name_plural = _("document settings")

    def __str__(self) -> str:
        return str(self.unit)


class Document(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        RETURNED = "returned", _("Returned for revision")
        REJECTED = "rejected", _("Rejected")
        SIGNED = "signed", _("Signed off")
        RECHECK = "recheck", _("Back with the signer (复核)")
        ISSUED = "issued", _("Issued")
        ARCHIVED = "archived", _("Archived")

    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    doc_type = models.CharField(_("document type"), max_length=16, choices=DocType.choices, default=DocType.NOTICE)
    is_upward = models.BooleanField(_("upward document (上行文)"), default=False)
    is_important = models.BooleanField(_("important document"), default=False)
    sensitivity = models.CharField(
        _("sensitivity"), max_length=12, choices=Sensitivity.choices, default=Sensitivity.INTERNAL
    )
    need_to_know = models.ManyToManyField(
        "org.Staff", blank=True, related_name="+", verbose_name=_("need-to-know list")
    )
    urgency = models.CharField(_("urgency"), max_length=4, choices=Urgency.choices, blank=True, default="")
    # The 18 elements (GB/T 9704-2012), where a field holds them.
    copy_number = models.CharField(_("copy number (份号)"), max_length=6, blank=True)
    issuer_mark = models.CharField(_("issuing authority mark"), max_length=60, blank=True)
    title = models.CharField(_("title"), max_length=200)
    recipients = models.CharField(_("main recipients"), max_length=300, blank=True)
    body = models.TextField(_("body"), blank=True)
    attachment_note = models.TextField(_("attachment list (附件说明)"), blank=True)
    signature = models.CharField(_("issuing authority signature"), max_length=60, blank=True)
    doc_date = models.DateField(_("date of writing"), null=True, blank=True)
    note = models.CharField(_("note (附注)"), max_length=200, blank=True)
    cc = models.CharField(_("copied to (抄送)"), max_length=300, blank=True)
    printer = models.CharField(_("printed by"), max_length=60, blank=True)
    print_date = models.DateField(_("printing date"), null=True, blank=True)
    # Who and how.
    drafter = models.ForeignKey("org.Staff", on_delete=models.PROTECT, related_name="+", verbose_name=_("drafter"))
    section = models.ForeignKey(
        "org.Section", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("section")
    )
    countersign_sections = models.ManyToManyField(
        "org.Section", blank=True, related_name="+", verbose_name=_("countersigning sections (会签)")
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    version_count = models.PositiveIntegerField(default=0)
    body_length = models.PositiveIntegerField(default=0)
    signed_by = models.ForeignKey(
        "org.Staff", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("signed by")
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    signed_version = models.PositiveIntegerField(null=True, blank=True)
    # 发文字号: assigned at issue, gap-free per (unit, prefix, year).
    number_prefix = models.CharField(_("number prefix"), max_length=20, blank=True)
    number_year = models.PositiveSmallIntegerField(null=True, blank=True)
    number_seq = models.PositiveIntegerField(null=True, blank=True)
    number = models.CharField(_("document number"), max_length=40, blank=True, db_index=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        "org.Staff", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("issued by")
    )
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "number_prefix", "number_year", "number_seq"],
                condition=models.Q(number_seq__isnull=False),
                name="documents_number_unique",
            )
        ]
        indexes = [
            models.Index(fields=["unit", "-updated_at", "-id"]),
            models.Index(fields=["unit", "status", "-updated_at"]),
            models.Index(fields=["drafter", "-updated_at"]),
            models.Index(fields=["unit", "-issued_at"]),
            # (sensitivity, unit), not (unit, sensitivity): the list query must keep walking (unit, -updated_at).
            models.Index(fields=["sensitivity", "unit"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_restricted(self) -> bool:
        return self.sensitivity == Sensitivity.RESTRICTED

    @property
    def is_editable_draft(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class DocumentVersion(models.Model):
    """One stored round of the text. Never changed after it is written."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    round = models.PositiveSmallIntegerField(_("review round"), default=0)
    author = models.ForeignKey("org.Staff", on_delete=models.PROTECT, related_name="+", verbose_name=_("author"))
    created_at = models.DateTimeField(_("saved at"))
    reason = models.CharField(_("what this version is"), max_length=60, blank=True)
    title = models.CharField(_("title"), max_length=200)
    recipients = models.CharField(_("main recipients"), max_length=300, blank=True)
    body = models.TextField(_("body"), blank=True)
    elements = models.JSONField(default=dict, blank=True)
    length = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["document", "number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="documents_version_unique")]
        indexes = [models.Index(fields=["author", "created_at"])]

    def __str__(self) -> str:
        return f"{self.document_id} v{self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("document versions are immutable")
        super().save(*args, **kwargs)


class NumberCounter(models.Model):
    """The last 发文字号 sequence used per (unit, prefix, year); locked while issuing → gap-free."""

    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+")
    prefix = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()
    last_seq = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "prefix", "year"], name="documents_counter_unique")]

    def __str__(self) -> str:
        return f"{self.prefix}〔{self.year}〕{self.last_seq}"


def attachment_path(instance, filename: str) -> str:
    return f"documents/{instance.document_id}/{filename}"


class Attachment(models.Model):
    """附件: a file that goes with the document; downloaded only through an access-checked view."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=300)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(default=0)
    content_type = models.CharField(max_length=100, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document", "id"]

    def __str__(self) -> str:
        return self.name


class OfficeCheck(models.Model):
    """The office's art. 20 审核 checklist, recorded with its decision."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="office_checks")
    reviewer = models.ForeignKey("org.Staff", on_delete=models.PROTECT, related_name="+")
    round = models.PositiveSmallIntegerField(default=1)
    basis = models.BooleanField(_("basis and need to issue"), default=False)
    policy = models.BooleanField(_("consistent with policy, law and existing documents"), default=False)
    consultation = models.BooleanField(_("departments concerned consulted (会签)"), default=False)
    form = models.BooleanField(_("document type, format, names, dates, numbers and punctuation correct"), default=False)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["document", "-created_at"]

    def __str__(self) -> str:
        return f"{self.document_id} office check by {self.reviewer_id}"

    @property
    def complete(self) -> bool:
        return self.basis and self.policy and self.consultation and self.form
