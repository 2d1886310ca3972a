from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leave.models import LeaveType
from leave.validators import validate_certificate
from org.models import Staff

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class Styled:
    """Bootstrap classes on every widget and `is-invalid` on fields with errors, so templates stay plain."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


class LeaveTypeChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: LeaveType) -> str:
        return obj.name


class LeaveRequestForm(Styled, forms.Form):
    leave_type = LeaveTypeChoice(label=_("Leave type"), queryset=LeaveType.objects.none(), empty_label=None)
    starts_on = forms.DateField(label=_("From"), widget=DATE)
    start_half = forms.BooleanField(label=_("First day: afternoon only"), required=False)
    ends_on = forms.DateField(label=_("To"), widget=DATE)
    end_half = forms.BooleanField(label=_("Last day: morning only"), required=False)
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    late_reason = forms.CharField(
        label=_("Why requested afterwards"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only for leave that has already started (sick leave)."),
    )
    certificate = forms.FileField(
        label=_("Certificate"),
        required=False,
        validators=[validate_certificate],
        help_text=_("A hospital certificate for longer sick leave: PDF, JPG or PNG."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args, staff: Staff, types: list[LeaveType], **kwargs):
        super().__init__(*args, **kwargs)
        ids = [t.pk for t in types if t.is_active and (not t.gender or t.gender == staff.gender)]
        self.fields["leave_type"].queryset = LeaveType.objects.filter(pk__in=ids).order_by("order", "id")

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end date cannot be before the start date."))
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "leave_type_id": data["leave_type"].pk,
            "starts_on": data["starts_on"],
            "ends_on": data["ends_on"],
            "start_half": data["start_half"],
            "end_half": data["end_half"],
            "reason": data["reason"],
            "late_reason": data.get("late_reason") or "",
            "certificate": data.get("certificate") or None,
        }


class CountForm(forms.Form):
    """What the live day count reads from the request form (HTMX, on every change)."""

    leave_type = forms.IntegerField()
    starts_on = forms.DateField()
    ends_on = forms.DateField()
    start_half = forms.BooleanField(required=False)
    end_half = forms.BooleanField(required=False)


class ExtensionForm(Styled, forms.Form):
    new_ends_on = forms.DateField(label=_("Extend to"), widget=DATE)
    new_end_half = forms.BooleanField(label=_("Last day: morning only"), required=False)
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class CancellationForm(Styled, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class ReportBackForm(Styled, forms.Form):
    actual_last_day = forms.DateField(label=_("Last day actually on leave"), widget=DATE, required=False)


def _parse_pairs(text: str, label) -> list[list]:
    """ "1:5, 10:10, 20:15" → [[1, 5], [10, 10], [20, 15]]."""
    pairs = []
    for chunk in text.replace("，", ",").replace("：", ":").split(","):
        chunk = chunk.strip()
        if not chunk:
            continue
        try:
            years, value = (part.strip() for part in chunk.split(":"))
            pair = [int(years), float(Decimal(value))]
        except (ValueError, ArithmeticError):
            raise forms.ValidationError(
                _("Write %(what)s as years:value pairs separated by commas, e.g. 1:5, 10:10, 20:15.") % {"what": label}
            )
        if pair[0] < 0 or pair[1] < 0:
            raise forms.ValidationError(_("Years and values cannot be negative."))
        pairs.append([pair[0], int(pair[1]) if pair[1] == int(pair[1]) else pair[1]])
    return sorted(pairs)


def format_pairs(pairs) -> str:
    return ", ".join(f"{p[0]}:{p[1]}" for p in pairs or [])


class LeaveTypeForm(Styled, forms.ModelForm):
    entitlement_tiers_text = forms.CharField(
        label=_("Days by years worked"),
        required=False,
        help_text=_("years:days, e.g. 1:5, 10:10, 20:15 (from 1 year 5 days, from 10 years 10 days ...)."),
    )
    exclusion_sick_months_text = forms.CharField(
        label=_("No annual leave after sick leave of (months, by years worked)"),
        required=False,
        help_text=_("years:months, e.g. 0:2, 10:3, 20:4."),
    )

    class Meta:
        model = LeaveType
        fields = [
            "name",
            "is_active",
            "counting",
            "allows_half_days",
            "has_balance",
            "allocation",
            "allocation_days",
            "exclusion_personal_days",
            "carry_over_max_days",
            "carry_over_expires_month",
            "max_days_per_request",
            "needs_certificate_over_days",
            "allows_backdating",
            "backdating_max_days",
        ]
        widgets = {"counting": forms.RadioSelect, "allocation": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["entitlement_tiers_text"] = format_pairs(self.instance.entitlement_tiers)
            self.initial["exclusion_sick_months_text"] = format_pairs(self.instance.exclusion_sick_months)
        self.fields["carry_over_expires_month"].min_value = 1
        self.fields["carry_over_expires_month"].max_value = 12
        self.fields["carry_over_expires_month"].widget.attrs.update({"min": 1, "max": 12})
        self.fields["backdating_max_days"].widget.attrs.update({"min": 0, "max": 366})
        for name in (
            "allocation_days",
            "exclusion_personal_days",
            "carry_over_max_days",
            "max_days_per_request",
            "needs_certificate_over_days",
        ):
            self.fields[name].widget.attrs.update({"min": 0, "step": "0.5"})

    def clean_entitlement_tiers_text(self):
        return _parse_pairs(self.cleaned_data["entitlement_tiers_text"], _("the days by years worked"))

    def clean_exclusion_sick_months_text(self):
        return _parse_pairs(self.cleaned_data["exclusion_sick_months_text"], _("the sick-leave months"))

    def clean_carry_over_expires_month(self):
        month = self.cleaned_data["carry_over_expires_month"]
        if not 1 <= month <= 12:
            raise forms.ValidationError(_("Enter a month from 1 to 12."))
        return month

    def clean(self):
        data = super().clean()
        for name in (
            "allocation_days",
            "exclusion_personal_days",
            "carry_over_max_days",
            "max_days_per_request",
            "needs_certificate_over_days",
        ):
            value = data.get(name)
            if value is not None and (value < 0 or value % Decimal("0.5")):
                self.add_error(name, _("Enter a number of days in halves, e.g. 3 or 2.5."))
        return data

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["entitlement_tiers"] = data.pop("entitlement_tiers_text")
        data["exclusion_sick_months"] = data.pop("exclusion_sick_months_text")
        return data


class PolicyForm(Styled, forms.Form):
    report_back_within_workdays = forms.IntegerField(
        label=_("Report back within (working days after the leave ends)"), min_value=1, max_value=10
    )


class AdjustForm(Styled, forms.Form):
    staff = forms.ModelChoiceField(label=_("Staff member"), queryset=Staff.objects.none())
    leave_type = LeaveTypeChoice(label=_("Leave type"), queryset=LeaveType.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    days = forms.DecimalField(
        label=_("Days (+ to add, − to deduct)"),
        max_digits=5,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.5"}),
    )
    note = forms.CharField(label=_("Why"), max_length=200)

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = Staff.objects.filter(unit=unit).select_related("user", "section")
        self.fields["staff"].label_from_instance = lambda s: f"{s.name}（{s.section.name if s.section else '—'}）"
        self.fields["leave_type"].queryset = LeaveType.objects.filter(unit=unit, has_balance=True).order_by("order")
        if not self.is_bound:
            self.initial.setdefault("year", timezone.localdate().year)
