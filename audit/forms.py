"""Filter and action forms of the audit administrator's screens."""

from __future__ import annotations

import datetime

from django import forms
from django.apps import apps
from django.utils.translation import gettext_lazy as _

from audit.models import AccessLog
from org.models import Unit

SYSTEM_UNIT = "system"


def _unit_choices() -> tuple[list[tuple[str, str]], dict[int, str]]:
    """Choices for the unit select, and id → name for the rows (one query for both)."""
    names = dict(Unit.objects.order_by("order", "id").values_list("id", "name"))
    choices = [(SYSTEM_UNIT, str(_("No unit (administrators, system)")))]
    choices += [(str(pk), name) for pk, name in names.items()]
    return choices, names


def _object_type_choices() -> list[tuple[str, str]]:
    models = sorted(apps.get_models(), key=lambda m: m._meta.label_lower)
    return [("", _("All"))] + [
        (m._meta.label_lower, f"{m._meta.verbose_name}（{m._meta.label_lower}）")
        for m in models
        if m._meta.app_label not in ("contenttypes", "sessions", "admin", "huey")
    ]


class LogFilterForm(forms.Form):
    """What both logs are filtered by. Read with `filters()` after `is_valid()`."""

    person = forms.CharField(label=_("Person"), max_length=50, required=False)
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    object_id = forms.CharField(label=_("Object id"), max_length=64, required=False)
    unit = forms.ChoiceField(label=_("Unit"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        unit_choices, self.unit_names = _unit_choices()
        self.fields["unit"].choices = [("", _("All"))] + unit_choices
        self.fields["object_type"].choices = _object_type_choices()
        self.fields["person"].widget.attrs["placeholder"] = _("Name contains")
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def clean(self) -> dict:
        data = super().clean()
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", _("The end date is before the start date. Pick an end date on or after it."))
        return data

    def filters(self) -> dict:
        """The cleaned filters, as selectors take them (empty values dropped)."""
        data = self.cleaned_data
        result = {key: value for key, value in data.items() if value not in (None, "")}
        if "unit" in result:
            result["unit"] = None if result["unit"] == SYSTEM_UNIT else int(result["unit"])
        return result

    def describe(self) -> str:
        """The filters in words, for the audit event of an export."""
        parts = []
        for name, value in self.filters().items():
            field = self.fields[name]
            if name == "unit":
                shown = self.unit_names.get(value, str(_("No unit"))) if value else str(_("No unit"))
            elif isinstance(value, datetime.date):
                shown = value.isoformat()
            else:
                shown = str(value)
            parts.append(f"{field.label}={shown}")
        return "；".join(parts) or str(_("no filter"))


class EventFilterForm(LogFilterForm):
    action = forms.CharField(label=_("Action"), max_length=64, required=False)
    field_order = ["person", "action", "object_type", "object_id", "unit", "date_from", "date_to"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].widget.attrs.update(
            {"class": "form-control", "list": "audit-actions", "placeholder": _("Code or name")}
        )


class AccessFilterForm(LogFilterForm):
    kind = forms.ChoiceField(label=_("Access"), required=False, choices=[("", _("All")), *AccessLog.Kind.choices])
    field_order = ["person", "kind", "object_type", "object_id", "unit", "date_from", "date_to"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].widget.attrs["class"] = "form-select"


class VerifyForm(forms.Form):
    unit = forms.ChoiceField(label=_("Chain of"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices, self.unit_names = _unit_choices()
        self.fields["unit"].choices = choices
        self.fields["unit"].widget.attrs["class"] = "form-select"

    def unit_id(self) -> int | None:
        value = self.cleaned_data["unit"]
        return None if value == SYSTEM_UNIT else int(value)
