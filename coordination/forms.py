from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from coordination import integration
from coordination.models import CoordinationSettings
from core.forms import StyledFormMixin

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class HelpRequestForm(StyledFormMixin, forms.Form):
    section = forms.ModelChoiceField(label=_("Requesting section"), queryset=None, empty_label=None)
    headcount = forms.IntegerField(label=_("Number of people"), min_value=1, max_value=20, initial=1)
    skills = forms.CharField(
        label=_("Skills needed"), max_length=200, required=False, help_text=_("For example: writing, statistics.")
    )
    task_id = forms.TypedChoiceField(label=_("For task"), coerce=int, required=False, empty_value=None)
    work = forms.CharField(
        label=_("For what work"), max_length=200, required=False, help_text=_("Needed when no task is named.")
    )
    starts_on = forms.DateField(label=_("From"), widget=DATE)
    ends_on = forms.DateField(label=_("To"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    spans_areas = forms.BooleanField(
        label=_("Needs people beyond the supervising leader's sections (all-hands work)"),
        required=False,
        help_text=_("Then it goes straight to the executive deputy or the affairs meeting, as the unit has set."),
    )

    def __init__(self, *args, sections=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = sections
        first = sections.first() if sections is not None else None
        choices = integration.task_choices(first) if first is not None else []
        self.fields["task_id"].choices = [("", "—")] + choices
        if not choices:
            self.fields["task_id"].widget = forms.HiddenInput()

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end date cannot be before the start date."))
        if not data.get("task_id") and not (data.get("work") or "").strip() and "work" not in self.errors:
            self.add_error("work", _("Name the task, or say what work the people are needed for."))
        return data


class PickForm(StyledFormMixin, forms.Form):
    staff = forms.TypedMultipleChoiceField(
        label=_("People to lend"), coerce=int, widget=forms.CheckboxSelectMultiple, choices=[]
    )
    note = forms.CharField(label=_("Note"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].choices = [(c.staff.pk, c.staff.name) for c in candidates]


class ReasonForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class SettingsForm(StyledFormMixin, forms.Form):
    deciding_body = forms.ChoiceField(
        label=_("When the supervising leader cannot fill a request, it goes to"),
        choices=CoordinationSettings.DecidingBody.choices,
        widget=forms.RadioSelect,
    )
