from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import StyledFormMixin
from org.models import Section, Staff
from reports.models import AgendaItem, Attendee, Meeting, QuarterlyReport

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def quarter_label(year: int, quarter: int) -> str:
    return f"{year}年第{quarter}季度"


class ReportCreateForm(StyledFormMixin, forms.Form):
    section = forms.ModelChoiceField(label=_("Section"), queryset=Section.objects.none(), empty_label=None)
    period = forms.ChoiceField(label=_("Quarter reported on"))

    def __init__(self, *args, sections, quarters, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = Section.objects.filter(pk__in=[s.pk for s in sections]).order_by("order")
        self.fields["period"].choices = [(f"{y}-{q}", quarter_label(y, q)) for y, q in quarters]

    def clean_period(self) -> tuple[int, int]:
        year, quarter = self.cleaned_data["period"].split("-")
        return int(year), int(quarter)


class NarrativeForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = QuarterlyReport
        fields = ["done_text", "problems_text", "next_steps_text"]
        labels = {
            "done_text": _("Work done in the quarter"),
            "problems_text": _("Problems and shortcomings"),
            "next_steps_text": _("Next steps"),
        }
        widgets = {
            "done_text": forms.Textarea(attrs={"rows": 8}),
            "problems_text": forms.Textarea(attrs={"rows": 4}),
            "next_steps_text": forms.Textarea(attrs={"rows": 4}),
        }


class PlanItemForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("Plan item"), max_length=200)
    lead_section = forms.ModelChoiceField(label=_("Lead section"), queryset=Section.objects.none(), empty_label=None)
    deadline = forms.DateField(label=_("Deadline"), widget=DATE)
    responsible = forms.ModelChoiceField(
        label=_("Responsible"), queryset=Staff.objects.none(), required=False, empty_label="—"
    )

    def __init__(self, *args, unit, default_section=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_section"].queryset = Section.objects.filter(unit=unit).order_by("order", "id")
        # Also on POST: an untouched empty row (own section preselected) then counts as unchanged and is skipped.
        self.fields["lead_section"].initial = default_section
        self.fields["responsible"].queryset = (
            Staff.objects.filter(unit=unit, user__is_active=True)
            .select_related("user")
            .order_by("section__order", "-position", "order")
        )
        self.fields["responsible"].label_from_instance = lambda s: s.name


PlanItemFormSet = forms.formset_factory(PlanItemForm, extra=2, can_delete=True, max_num=30, validate_max=True)


class MeetingForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["kind", "title", "starts_at", "place"]
        widgets = {"starts_at": DATETIME}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["starts_at"].input_formats = ["%Y-%m-%dT%H:%M"]
        if self.instance.pk:
            del self.fields["kind"]


class AgendaItemForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("Agenda item"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=AgendaItem.Kind.choices)
    presenter = forms.ModelChoiceField(
        label=_("Presenter"), queryset=Staff.objects.none(), required=False, empty_label="—"
    )

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presenter"].queryset = Staff.objects.filter(unit=unit).select_related("user")
        self.fields["presenter"].label_from_instance = lambda s: s.name


class AddReportsForm(forms.Form):
    period = forms.RegexField(regex=r"^\d{4}-[1-4]$")

    def clean_period(self) -> tuple[int, int]:
        year, quarter = self.cleaned_data["period"].split("-")
        return int(year), int(quarter)


class MinutesForm(StyledFormMixin, forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 12}), required=False, max_length=50000
    )

    PRESENCE = [(v, label) for v, label in Attendee.Presence.choices if v != Attendee.Presence.EXPECTED]

    def __init__(self, *args, attendees, **kwargs):
        super().__init__(*args, **kwargs)
        self.attendees = attendees
        for a in attendees:
            initial = a.presence if a.presence != Attendee.Presence.EXPECTED else Attendee.Presence.PRESENT
            self.fields[f"presence_{a.staff_id}"] = forms.ChoiceField(
                label=a.staff.name,
                choices=self.PRESENCE,
                initial=initial,
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )
            self.fields[f"note_{a.staff_id}"] = forms.CharField(
                label=_("Note"),
                required=False,
                max_length=100,
                initial=a.note,
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            )

    def rows(self):
        return [(a, self[f"presence_{a.staff_id}"], self[f"note_{a.staff_id}"]) for a in self.attendees]

    def presence(self) -> dict[int, tuple[str, str]]:
        return {
            a.staff_id: (self.cleaned_data[f"presence_{a.staff_id}"], self.cleaned_data[f"note_{a.staff_id}"])
            for a in self.attendees
        }


class DecisionForm(StyledFormMixin, forms.Form):
    text = forms.CharField(label=_("Meeting decision"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    lead_section = forms.ModelChoiceField(label=_("Lead section"), queryset=Section.objects.none(), empty_label=None)
    deadline = forms.DateField(label=_("Deadline"), widget=DATE)
    agenda_item = forms.ModelChoiceField(
        label=_("Agenda item"), queryset=AgendaItem.objects.none(), required=False, empty_label="—"
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_section"].queryset = Section.objects.filter(unit_id=meeting.unit_id).order_by("order", "id")
        self.fields["agenda_item"].queryset = meeting.agenda_items.order_by("order", "id")
        self.fields["deadline"].initial = timezone.localdate()
