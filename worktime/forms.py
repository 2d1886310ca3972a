from __future__ import annotations

import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from worktime.models import CalendarDay, WorkHourPolicy
from worktime.services import FIRST_YEAR, LAST_YEAR, day_problem, policy_problems


class StyledForm(forms.Form):
    """Bootstrap classes on every widget, so templates render fields with one include."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
                widget.attrs["class"] = "form-check-input"
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class CalendarDayForm(StyledForm):
    date = forms.DateField(label=gettext_lazy("Date"), widget=DateInput())
    kind = forms.ChoiceField(
        label=pgettext_lazy("worktime", "Kind"),
        choices=CalendarDay.Kind.choices,
        widget=forms.RadioSelect,
        initial=CalendarDay.Kind.HOLIDAY,
    )
    name = forms.CharField(
        label=pgettext_lazy("worktime", "Name"),
        max_length=30,
        help_text=gettext_lazy("As the State Council notice says, e.g. 国庆节 or 国庆节调休上班."),
    )

    def __init__(self, *args, year: int, fixed_date: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year
        if fixed_date is not None:
            # Editing keeps the date: moving a day is a delete and an add, each audited.
            del self.fields["date"]
            self.fixed_date = fixed_date
        else:
            self.fixed_date = None
            self.fields["date"].widget.attrs.update(min=f"{year}-01-01", max=f"{year}-12-31")

    def clean_date(self) -> datetime.date:
        day = self.cleaned_data["date"]
        if day.year != self.year:
            raise ValidationError(_("Choose a date in %(year)s.") % {"year": self.year})
        return day

    def clean(self):
        data = super().clean()
        day = self.fixed_date or data.get("date")
        if day is not None and data.get("kind") and data.get("name"):
            problem = day_problem(day=day, kind=data["kind"], name=data["name"])
            if problem:
                name_is_bad = not data["name"].strip() or len(data["name"].strip()) > 30
                self.add_error("name" if name_is_bad else "kind", problem)
        return data


def _check_upload(upload) -> None:
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s MB; files up to %(limit)s MB are accepted.")
            % {"size": round(upload.size / 1024 / 1024, 1), "limit": round(limit / 1024 / 1024, 1)}
        )
    name = upload.name.lower()
    upload.seek(0)
    magic = upload.read(4)
    upload.seek(0)
    if name.endswith(".xlsx") and magic == b"PK\x03\x04":
        return
    if name.endswith(".csv") and magic != b"PK\x03\x04":
        return
    raise ValidationError(_("Only .xlsx or .csv files are accepted. Start from the template."))


class CalendarImportForm(StyledForm):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    file = forms.FileField(
        label=gettext_lazy("File (.xlsx or .csv)"),
        help_text=gettext_lazy("Columns 日期, 类型 (节假日 or 调休上班), 名称; one day per row."),
    )
    replace = forms.BooleanField(
        label=gettext_lazy("Replace the days already loaded for this year"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, loaded_years: set[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.loaded_years = loaded_years

    def clean_file(self):
        upload = self.cleaned_data["file"]
        _check_upload(upload)
        return upload

    def clean(self):
        data = super().clean()
        year = data.get("year")
        if year in self.loaded_years and not data.get("replace"):
            self.add_error(
                "replace",
                _("%(year)s is already loaded. Tick this box to replace its days with the file's.") % {"year": year},
            )
        return data


TIME_FIELD_NAMES = [
    f"{season}_{name}"
    for season in ("summer", "winter")
    for name in ("morning_start", "morning_end", "afternoon_start", "afternoon_end")
]


class PolicyForm(StyledForm):
    effective_from = forms.DateField(
        label=gettext_lazy("Effective from"),
        widget=DateInput(),
        help_text=gettext_lazy("Today or later. Days before it keep the hours of the earlier version."),
    )
    name = forms.CharField(label=pgettext_lazy("worktime", "Name"), max_length=50)
    summer_from = forms.CharField(
        label=gettext_lazy("Summer hours from"), max_length=5, help_text=gettext_lazy("Month-day, e.g. 05-01.")
    )
    winter_from = forms.CharField(
        label=gettext_lazy("Winter hours from"), max_length=5, help_text=gettext_lazy("Month-day, e.g. 10-01.")
    )
    summer_morning_start = forms.TimeField(label=gettext_lazy("Morning start"), widget=TimeInput())
    summer_morning_end = forms.TimeField(label=gettext_lazy("Morning end"), widget=TimeInput())
    summer_afternoon_start = forms.TimeField(label=gettext_lazy("Afternoon start"), widget=TimeInput())
    summer_afternoon_end = forms.TimeField(label=gettext_lazy("Afternoon end"), widget=TimeInput())
    winter_morning_start = forms.TimeField(label=gettext_lazy("Morning start"), widget=TimeInput())
    winter_morning_end = forms.TimeField(label=gettext_lazy("Morning end"), widget=TimeInput())
    winter_afternoon_start = forms.TimeField(label=gettext_lazy("Afternoon start"), widget=TimeInput())
    winter_afternoon_end = forms.TimeField(label=gettext_lazy("Afternoon end"), widget=TimeInput())
    grace_minutes_late = forms.IntegerField(
        label=gettext_lazy("Grace minutes for arriving late"), min_value=0, max_value=120
    )
    grace_minutes_early = forms.IntegerField(
        label=gettext_lazy("Grace minutes for leaving early"), min_value=0, max_value=120
    )
    required_punches = forms.ChoiceField(
        label=gettext_lazy("Required punches"), choices=WorkHourPolicy.Punches.choices, widget=forms.RadioSelect
    )

    def clean_summer_from(self) -> str:
        return self.cleaned_data["summer_from"].strip().replace("/", "-").replace(".", "-")

    def clean_winter_from(self) -> str:
        return self.cleaned_data["winter_from"].strip().replace("/", "-").replace(".", "-")

    def clean(self):
        data = super().clean()
        values = {key: data.get(key) for key in self.fields if key != "effective_from"}
        checked = {key: value for key, value in values.items() if key not in self.errors}
        effective_from = data.get("effective_from")
        problems = policy_problems({**values, **checked}, effective_from=effective_from)
        for key, message in problems.items():
            if key not in self.errors and (key == "effective_from" or key in checked):
                self.add_error(key, message)
        return data

    @classmethod
    def initial_from(cls, policy: WorkHourPolicy, *, effective_from: datetime.date | None = None) -> dict:
        initial = {key: getattr(policy, key) for key in cls.base_fields if key != "effective_from"}
        initial["effective_from"] = effective_from or policy.effective_from
        return initial


def tomorrow() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=1)
