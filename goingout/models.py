"""Going-out reports (外出报备): leaving the county, for work or private reasons, approved by rank."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class GoingOutReport(models.Model):
    class Purpose(models.TextChoices):
        WORK = "work", _("Official business")
        PRIVATE = "private", _("Private matter")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        RETURNED = "returned", _("Returned for revision")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    staff = models.ForeignKey(
        "org.Staff", on_delete=models.PROTECT, related_name="going_out_reports", verbose_name=_("applicant")
    )
    purpose = models.CharField(_("purpose"), max_length=10, choices=Purpose.choices)
    destination = models.CharField(_("destination"), max_length=100)
    reason = models.TextField(_("reason"), max_length=1000)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    contact = models.CharField(_("contact while away"), max_length=50, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("going-out report")
        verbose_name_plural = _("going-out reports")
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="goingout_dates")
        ]
        indexes = [models.Index(fields=["unit", "status", "starts_on", "ends_on"])]

    def __str__(self) -> str:
        return f"{self.staff.name} 外出报备（{self.destination}）"

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1
