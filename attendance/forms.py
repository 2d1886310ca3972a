from __future__ import annotations

import datetime
import ipaddress
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from attendance.models import AttendanceSettings

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


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


class MonthForm(forms.Form):
    """?month=2026-11 on sheets, figures and my attendance; the current month when absent or malformed."""

    month = forms.RegexField(regex=r"^\d{4}-(0?[1-9]|1[0-2])$", required=False)

    def year_month(self) -> tuple[int, int]:
        today = timezone.localdate()
        if self.is_valid() and self.cleaned_data.get("month"):
            year, month = (int(part) for part in self.cleaned_data["month"].split("-"))
            if 2000 <= year <= 2100:
                return year, month
        return today.year, today.month


class CorrectionForm(Styled, forms.Form):
    day = forms.DateField(label=_("Day"), widget=DATE)
    time = forms.TimeField(label=_("Punch time"), widget=TIME, help_text=_("When you actually arrived or left."))
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the punch is missing, e.g. the phone had no signal in the meeting room."),
    )


class CorrectionEditForm(Styled, forms.Form):
    time = forms.TimeField(label=_("Punch time"), widget=TIME)
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


HOURS_MESSAGE = _("Hours must be between 0.5 and 24, in half hours.")


class OvertimeForm(Styled, forms.Form):
    day = forms.DateField(label=_("Date"), widget=DATE)
    hours = forms.DecimalField(
        label=_("Hours"),
        min_value=Decimal("0.5"),
        max_value=Decimal(24),
        max_digits=3,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.5", "min": "0.5", "max": "24"}),
        error_messages={"min_value": HOURS_MESSAGE, "max_value": HOURS_MESSAGE, "max_decimal_places": HOURS_MESSAGE},
    )
    reason = forms.CharField(
        label=_("Work done"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the overtime was for, e.g. preparing the materials of the county party congress."),
    )

    def clean_hours(self) -> Decimal:
        hours = self.cleaned_data["hours"]
        if (hours * 2) % 1:
            raise forms.ValidationError(HOURS_MESSAGE)
        return hours


class SettingsForm(Styled, forms.ModelForm):
    class Meta:
        model = AttendanceSettings
        fields = [
            "allowed_networks",
            "correction_monthly_limit",
            "correction_deadline_workdays",
            "overtime_mode",
            "overtime_after_workdays",
            "comp_time_hours_per_day",
            "fatigue_week_hours",
            "fatigue_month_hours",
            "fatigue_max_consecutive_days",
        ]
        widgets = {
            "allowed_networks": forms.Textarea(attrs={"rows": 4, "placeholder": "10.12.0.0/16\n192.168.1.0/24"}),
            "overtime_mode": forms.RadioSelect,
        }

    def clean_allowed_networks(self) -> str:
        lines = [line.strip() for line in self.cleaned_data["allowed_networks"].splitlines() if line.strip()]
        bad = []
        for line in lines:
            try:
                ipaddress.ip_network(line, strict=False)
            except ValueError:
                bad.append(line)
        if bad:
            raise forms.ValidationError(
                _("These are not IP ranges: %(lines)s. Write one range per line, e.g. 10.12.0.0/16.")
                % {"lines": "、".join(bad)}
            )
        return "\n".join(lines)

    def clean_correction_monthly_limit(self) -> int:
        value = self.cleaned_data["correction_monthly_limit"]
        if value > 31:
            raise forms.ValidationError(_("At most 31 corrections a month."))
        return value

    def clean_comp_time_hours_per_day(self) -> Decimal:
        value = self.cleaned_data["comp_time_hours_per_day"]
        if value <= 0 or value > 24:
            raise forms.ValidationError(_("Between 0.5 and 24 hours."))
        return value

    def clean_fatigue_max_consecutive_days(self) -> int:
        value = self.cleaned_data["fatigue_max_consecutive_days"]
        if value < 1 or value > 60:
            raise forms.ValidationError(_("Between 1 and 60 days."))
        return value


def month_param(year: int, month: int) -> str:
    return f"{year}-{month:02d}"


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def parse_day(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value or "")
    except ValueError:
        return None
