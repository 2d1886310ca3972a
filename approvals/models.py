"""The one approval mechanism every request type uses.

An `Approval` belongs to a domain object (a going-out report, a leave request,
...) and has ordered `ApprovalStep`s resolved from the org chart by the unit's
`ApprovalRule`s. Each step has one or more `ApprovalAssignment`s: in a
one-of step the first decision settles the step, in an all-of (会签) step
everyone must approve. `ApprovalRecord` is the timeline of what happened.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Node(models.TextChoices):
    """Who a step goes to, relative to the applicant."""

    SECTION_HEAD = "section_head", _("Section head")
    SUPERVISOR = "supervisor", _("Supervising leader")
    EXECUTIVE_DEPUTY = "executive_deputy", _("Executive deputy")
    PRINCIPAL = "principal", _("Principal leader")
    HIGHER_PRINCIPAL = "higher_principal", _("Higher organization department (for the record)")
    OFFICE_HEAD = "office_head", _("Office")
    AFFAIRS_MEETING = "affairs_meeting", _("Affairs meeting")
    # Resolved by the request kind from the target (e.g. a document's countersigning sections), all-of.
    COUNTERSIGN = "countersign", _("Countersign (会签)")


class ApprovalRule(models.Model):
    """Which steps a request of a kind takes, per unit; configurable by the office.

    A rule applies to applicants whose position is listed (empty list = all) and to
    requests whose length in days is above `days_above`; the applicable rule with the
    largest `days_above` wins.
    """

    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+", verbose_name=_("unit"))
    kind = models.CharField(_("request type"), max_length=32)
    positions = models.JSONField(_("applicant positions"), default=list, blank=True)
    days_above = models.DecimalField(_("applies above (days)"), max_digits=6, decimal_places=1, default=0)
    nodes = models.JSONField(_("steps"), default=list)

    class Meta:
        ordering = ["unit", "kind", "days_above", "id"]
        verbose_name = _("approval rule")
        verbose_name_plural = _("approval rules")

    def __str__(self) -> str:
        return f"{self.kind}>{self.days_above}: {'/'.join(self.nodes)}"


class Approval(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        RETURNED = "returned", _("Returned for revision")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    kind = models.CharField(_("request type"), max_length=32, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    applicant = models.ForeignKey(
        "org.Staff", on_delete=models.PROTECT, related_name="approvals", verbose_name=_("applicant")
    )
    target_type = models.CharField(max_length=64)
    target_id = models.PositiveBigIntegerField()
    days = models.DecimalField(_("days"), max_digits=6, decimal_places=1, null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    current_order = models.PositiveSmallIntegerField(null=True, blank=True)
    returned_order = models.PositiveSmallIntegerField(null=True, blank=True)
    round = models.PositiveSmallIntegerField(default=1)
    submitted_at = models.DateTimeField(_("submitted at"), db_index=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        constraints = [models.UniqueConstraint(fields=["target_type", "target_id"], name="approvals_one_per_target")]
        indexes = [models.Index(fields=["applicant", "-submitted_at"])]

    def __str__(self) -> str:
        return self.title


class ApprovalStep(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", _("Not reached")
        PENDING = "pending", _("In progress")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        RETURNED = "returned", _("Returned")
        CANCELLED = "cancelled", _("Cancelled")

    class Mode(models.TextChoices):
        ONE = "one", _("Any one approver")
        ALL = "all", _("All approvers (countersign)")

    approval = models.ForeignKey(Approval, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField()
    node = models.CharField(max_length=32, choices=Node.choices)
    mode = models.CharField(max_length=3, choices=Mode.choices, default=Mode.ONE)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.WAITING)
    activated_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["approval", "order"]
        constraints = [models.UniqueConstraint(fields=["approval", "order"], name="approvals_step_order")]

    def __str__(self) -> str:
        return f"{self.approval_id}#{self.order} {self.node}"


class ApprovalAssignment(models.Model):
    class Decision(models.TextChoices):
        NONE = "", _("Undecided")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        RETURNED = "returned", _("Returned")

    step = models.ForeignKey(ApprovalStep, on_delete=models.CASCADE, related_name="assignments")
    assignee = models.ForeignKey("org.Staff", on_delete=models.PROTECT, related_name="approval_assignments")
    on_behalf_of = models.ForeignKey("org.Staff", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    is_open = models.BooleanField(default=False, db_index=True)
    decision = models.CharField(max_length=16, choices=Decision.choices, blank=True)
    opinion = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True, db_index=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["step", "id"]
        indexes = [
            models.Index(fields=["assignee", "is_open"]),
            models.Index(fields=["assignee", "-decided_at"]),
        ]

    def __str__(self) -> str:
        return f"step {self.step_id} → staff {self.assignee_id}"


class ApprovalRecord(models.Model):
    """The timeline: every submit, decision, comment, withdrawal and resubmission."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("Submitted")
        RESUBMIT = "resubmit", _("Resubmitted")
        APPROVE = "approve", _("Approved")
        REJECT = "reject", _("Rejected")
        RETURN = "return", _("Returned for revision")
        WITHDRAW = "withdraw", _("Withdrawn")
        COMMENT = "comment", _("Commented")

    approval = models.ForeignKey(Approval, on_delete=models.CASCADE, related_name="records")
    step = models.ForeignKey(ApprovalStep, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    actor = models.ForeignKey("org.Staff", on_delete=models.PROTECT, related_name="+")
    on_behalf_of = models.ForeignKey("org.Staff", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    action = models.CharField(max_length=16, choices=Action.choices)
    opinion = models.TextField(blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.approval_id} {self.action}"
