"""Append-only, SM3 hash-chained audit events, one chain per unit.

`hash = SM3(prev_hash + canonical(row))`: editing or deleting any row breaks
the chain from that row on, which `manage.py audit_verify` reports. The
database refuses UPDATE and DELETE on these tables (triggers, see
`audit/triggers.py` and migration 0002).

Retention (网络安全法 art. 23: at least six months) is guaranteed by never
deleting: nothing in the application deletes or edits an audit or access-log
row, and the triggers refuse it at the database. Moving old rows to an archive
would be an operations procedure (export, verify, then drop triggers under
change control) and is deliberately not a feature of the application.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditChain(models.Model):
    """The head of one chain; locked while appending so the chain stays linear.

    Event chains are keyed `unit:<id>` (or `system`), access-log chains
    `access:unit:<id>` (or `access:system`).
    """

    chain_key = models.CharField(max_length=32, unique=True)
    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"{self.chain_key}@{self.last_seq}"


class AuditEvent(models.Model):
    class Outcome(models.TextChoices):
        SUCCESS = "success", _("Success")
        FAILURE = "failure", _("Failure")

    chain_key = models.CharField(max_length=32)
    seq = models.BigIntegerField()
    created_at = models.DateTimeField(_("time"), db_index=True)
    unit = models.ForeignKey("org.Unit", on_delete=models.DO_NOTHING, null=True, db_constraint=False, related_name="+")
    actor = models.ForeignKey(  # no index of its own: the (actor, -created_at) index begins with it
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        null=True,
        db_constraint=False,
        related_name="+",
        db_index=False,
    )
    actor_name = models.CharField(_("who"), max_length=50, blank=True)
    on_behalf_of_name = models.CharField(_("on behalf of"), max_length=50, blank=True)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.SUCCESS)
    object_type = models.CharField(_("object type"), max_length=64, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    changes = models.JSONField(_("changed fields"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        constraints = [models.UniqueConstraint(fields=["chain_key", "seq"], name="audit_event_chain_seq")]
        indexes = [models.Index(fields=["actor", "-created_at"]), models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.chain_key}#{self.seq} {self.action}"


class AccessLog(models.Model):
    """Views and downloads of restricted items; same append-only protection, own chain key prefix."""

    class Kind(models.TextChoices):
        VIEW = "view", _("View")
        DOWNLOAD = "download", _("Download")
        EXPORT = "export", _("Export")
        PRINT = "print", _("Print")

    chain_key = models.CharField(max_length=32)
    seq = models.BigIntegerField()
    # Set by the service before hashing (not auto_now_add, which would overwrite it on save).
    created_at = models.DateTimeField(_("time"), db_index=True)
    unit = models.ForeignKey("org.Unit", on_delete=models.DO_NOTHING, null=True, db_constraint=False, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, null=True, db_constraint=False, related_name="+"
    )
    user_name = models.CharField(_("who"), max_length=50)
    kind = models.CharField(_("access"), max_length=20, choices=Kind.choices)
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=200)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        constraints = [models.UniqueConstraint(fields=["chain_key", "seq"], name="audit_access_chain_seq")]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.chain_key}#{self.seq} {self.kind}"
