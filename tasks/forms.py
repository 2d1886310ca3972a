from __future__ import annotations

import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import StyledFormMixin
from org.models import Section, Staff
from tasks.models import Rating, ReportCycle, TaskPriority, TaskSource
from worktime.calendar import CalendarMissing, add_workdays

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_FILES = 10
# Evidence files: by suffix, checked against the first bytes of the content.
ALLOWED = {
    ".pdf": (b"%PDF",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".pptx": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
    ".xls": (b"\xd0\xcf\x11\xe0",),
    ".ofd": (b"PK\x03\x04",),
    ".zip": (b"PK\x03\x04",),
}


def validate_evidence(upload) -> None:
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            gettext("%(name)s is too large (at most %(mb)s MB).") % {"name": upload.name, "mb": limit // (1024 * 1024)}
        )
    name = (upload.name or "").lower()
    suffix = name[name.rfind(".") :] if "." in name else ""
    magics = ALLOWED.get(suffix)
    if magics is None:
        raise ValidationError(
            gettext("%(name)s: upload PDF, Word, Excel, PowerPoint, OFD, JPG, PNG or ZIP files.")
            % {"name": upload.name}
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in magics):
        raise ValidationError(gettext("%(name)s: the content does not match the file type.") % {"name": upload.name})


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if self.required and not files:
            raise ValidationError(self.error_messages["required"], code="required")
        if len(files) > MAX_FILES:
            raise ValidationError(gettext("At most %(n)s files at a time.") % {"n": MAX_FILES})
        cleaned = [super(EvidenceField, self).clean(f, initial) for f in files]
        for upload in cleaned:
            validate_evidence(upload)
        return cleaned


class TaskForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    source = forms.ChoiceField(label=_("Source"), choices=TaskSource.choices)
    description = forms.CharField(label=_("Requirements"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    lead_section = forms.ModelChoiceField(label=_("Lead section"), queryset=Section.objects.none())
    supporting_sections = forms.ModelMultipleChoiceField(
        label=_("Supporting sections"),
        queryset=Section.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    responsible = forms.ModelMultipleChoiceField(
        label=_("Responsible people"),
        queryset=Staff.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Hold Ctrl (or ⌘) to choose several. The lead section head is always informed."),
    )
    deadline_mode = forms.ChoiceField(
        label=_("Deadline"),
        choices=[("date", _("On a date")), ("workdays", _("Within working days"))],
        widget=forms.RadioSelect,
        initial="date",
    )
    deadline = forms.DateField(label=_("Deadline date"), widget=DATE, required=False)
    workdays = forms.IntegerField(
        label=_("Working days from today"),
        min_value=1,
        max_value=250,
        required=False,
        help_text=_("Counted on the work calendar: weekends and holidays are skipped."),
    )
    priority = forms.ChoiceField(
        label=_("Priority"), choices=TaskPriority.choices, widget=forms.RadioSelect, initial="normal"
    )
    report_cycle = forms.ChoiceField(label=_("Progress reports"), choices=ReportCycle.choices, initial="none")
    milestones = forms.CharField(
        label=_("Milestones"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "2026-12-10 完成调研"}),
        help_text=_("Optional, one per line: a date (YYYY-MM-DD), a space, then what is due."),
    )
    assign = forms.BooleanField(label=_("Assign now (otherwise save as a draft)"), required=False, initial=True)

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        sections = Section.objects.filter(unit=unit).order_by("order", "id")
        self.fields["lead_section"].queryset = sections
        self.fields["supporting_sections"].queryset = sections
        self.fields["responsible"].queryset = (
            Staff.objects.filter(unit=unit, section__isnull=False)
            .select_related("user", "section")
            .order_by("section__order", "-position", "order")
        )
        self.fields["responsible"].label_from_instance = lambda s: f"{s.section.name} · {s.name}"

    def clean_milestones(self) -> list[tuple[str, datetime.date]]:
        result = []
        for number, line in enumerate((self.cleaned_data.get("milestones") or "").splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            day_text, _sep, title = line.partition(" ")
            try:
                day = datetime.date.fromisoformat(day_text.strip())
            except ValueError:
                raise ValidationError(
                    gettext("Line %(n)s: start with a date such as 2026-12-10, then the milestone.") % {"n": number}
                )
            if not title.strip():
                raise ValidationError(gettext("Line %(n)s: say what is due on that date.") % {"n": number})
            result.append((title.strip(), day))
        return result

    def clean(self):
        data = super().clean()
        mode = data.get("deadline_mode")
        if mode == "workdays":
            n = data.get("workdays")
            if not n:
                self.add_error("workdays", gettext("Give the number of working days."))
            else:
                try:
                    data["deadline"] = add_workdays(timezone.localdate(), n)
                except CalendarMissing as exc:
                    self.add_error("workdays", exc.message)
        elif mode == "date":
            if not data.get("deadline"):
                self.add_error("deadline", gettext("Choose the deadline."))
            elif data["deadline"] < timezone.localdate():
                self.add_error("deadline", gettext("The deadline cannot be in the past."))
        lead = data.get("lead_section")
        if lead and lead in (data.get("supporting_sections") or []):
            self.add_error("supporting_sections", gettext("The lead section cannot also be a supporting section."))
        deadline = data.get("deadline")
        for title, day in data.get("milestones") or []:
            if deadline and day > deadline:
                self.add_error("milestones", gettext("Milestone “%(t)s” falls after the deadline.") % {"t": title})
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "source": data["source"],
            "description": data["description"],
            "lead_section": data["lead_section"],
            "supporting_sections": list(data["supporting_sections"]),
            "responsible": list(data["responsible"]),
            "deadline": data["deadline"],
            "priority": data["priority"],
            "report_cycle": data["report_cycle"],
            "milestones": data["milestones"],
            "assign": data["assign"],
        }


class ReportForm(StyledFormMixin, forms.Form):
    text = forms.CharField(label=_("What has been done"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100, required=False)
    files = EvidenceField(label=_("Attachments"), required=False)


class CompletionForm(StyledFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Result"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text=_("What was done and the outcome; attach the evidence (documents, photos, minutes)."),
    )
    files = EvidenceField(label=_("Evidence"), required=True)


class CloseForm(StyledFormMixin, forms.Form):
    rating = forms.ChoiceField(label=_("Evaluation"), choices=Rating.choices, widget=forms.RadioSelect, initial="good")
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )


class ReturnForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for returning"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class UrgeForm(StyledFormMixin, forms.Form):
    text = forms.CharField(label=_("Message"), required=False, max_length=500)


class ExtensionForm(StyledFormMixin, forms.Form):
    new_deadline = forms.DateField(label=_("New deadline"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class CancelForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=500)


class SettingsForm(StyledFormMixin, forms.Form):
    sign_for_hours = forms.IntegerField(label=_("Sign for within (hours)"), min_value=1, max_value=240)
    yellow_workdays = forms.IntegerField(
        label=_("Yellow light this many working days before the deadline"), min_value=0, max_value=30
    )
    escalation_days = forms.IntegerField(
        label=_("Escalate to the supervising leader after this many days overdue"), min_value=0, max_value=60
    )
    urge_interval_hours = forms.IntegerField(label=_("Minimum hours between two urgings"), min_value=0, max_value=168)
