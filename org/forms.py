from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from org.models import Grade, Position, Section, Staff, Unit
from org.privacy import masked_id_number, masked_phone
from org.selectors import unit_sections, unit_staff
from org.validators import normalize_id_number, normalize_phone, validate_id_number, validate_phone


class StyledForm(forms.Form):
    """Bootstrap classes on every widget, so templates render fields with one include."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
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


def staff_label(person: Staff) -> str:
    return f"{person.name}（{person.title or person.get_position_display()}）"


class StaffPickField(forms.ChoiceField):
    """Pick a person from a list the view has already read, so a page of many forms costs no extra queries."""

    def set_people(self, people, *, blank: bool = True) -> None:
        self._by_pk = {str(person.pk): person for person in people}
        choices = [(pk, staff_label(person)) for pk, person in self._by_pk.items()]
        self.choices = [("", "—"), *choices] if blank else choices

    def clean(self, value):
        value = super().clean(value)
        return self._by_pk.get(str(value)) if value not in (None, "") else None


class StaffPickMultipleField(forms.MultipleChoiceField):
    def set_people(self, people) -> None:
        self._by_pk = {str(person.pk): person for person in people}
        self.choices = [(pk, staff_label(person)) for pk, person in self._by_pk.items()]

    def clean(self, value):
        return [self._by_pk[pk] for pk in super().clean(value)]


class DirectoryFilterForm(StyledForm):
    section = forms.ModelChoiceField(
        label=gettext_lazy("Section"), queryset=Section.objects.none(), required=False, empty_label=gettext_lazy("All")
    )
    position = forms.TypedChoiceField(
        label=gettext_lazy("Position"), coerce=int, empty_value=None, required=False, choices=()
    )
    q = forms.CharField(label=gettext_lazy("Search"), required=False, max_length=50, widget=forms.SearchInput)

    def __init__(self, *args, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = Section.objects.filter(unit=unit).order_by("order", "id")
        self.fields["position"].choices = [("", _("All")), *Position.choices]
        self.fields["section"].widget.attrs["class"] += " js-filter"
        self.fields["position"].widget.attrs["class"] += " js-filter"
        self.fields["q"].widget.attrs.update(
            {"placeholder": _("Name, or pinyin such as zsf / zhang"), "autocomplete": "off"}
        )

    def filters(self) -> dict:
        if not self.is_valid():
            return {"section": None, "position": None, "q": ""}
        return {
            "section": self.cleaned_data["section"],
            "position": self.cleaned_data["position"],
            "q": self.cleaned_data["q"],
        }


class StaffEditForm(StyledForm):
    section = forms.ModelChoiceField(
        label=gettext_lazy("Section"),
        queryset=Section.objects.none(),
        required=False,
        empty_label=gettext_lazy("None (department leader)"),
    )
    position = forms.TypedChoiceField(label=gettext_lazy("Position"), coerce=int, choices=Position.choices)
    title = forms.CharField(label=pgettext_lazy("staff", "Title"), max_length=50, required=False)
    grade = forms.ChoiceField(label=gettext_lazy("Grade"), choices=Grade.choices, required=False)
    phone = forms.CharField(label=gettext_lazy("Mobile phone"), max_length=20, required=False, widget=forms.TelInput)
    id_number = forms.CharField(label=gettext_lazy("ID number"), max_length=20, required=False)

    def __init__(self, *args, staff: Staff, **kwargs):
        kwargs.setdefault(
            "initial",
            {"section": staff.section_id, "position": staff.position, "title": staff.title, "grade": staff.grade},
        )
        super().__init__(*args, **kwargs)
        self.staff = staff
        self.fields["section"].queryset = Section.objects.filter(unit_id=staff.unit_id).order_by("order", "id")
        current_phone = masked_phone(staff) or _("not recorded")
        current_id = masked_id_number(staff) or _("not recorded")
        self.fields["phone"].help_text = _("Now: %(value)s. Leave empty to keep it.") % {"value": current_phone}
        self.fields["id_number"].help_text = _("Now: %(value)s. Leave empty to keep it.") % {"value": current_id}
        self.fields["phone"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        self.fields["id_number"].widget.attrs.update({"autocomplete": "off"})

    def clean_phone(self) -> str | None:
        phone = normalize_phone(self.cleaned_data["phone"])
        if not phone:
            return None
        validate_phone(phone)
        return phone

    def clean_id_number(self) -> str | None:
        id_number = normalize_id_number(self.cleaned_data["id_number"])
        if not id_number:
            return None
        validate_id_number(id_number)
        return id_number


class ImportForm(StyledForm):
    file = forms.FileField(label=gettext_lazy("Excel file (.xlsx)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise ValidationError(
                _("The file is %(size)s MB; files up to %(limit)s MB are accepted.")
                % {"size": round(upload.size / 1024 / 1024, 1), "limit": round(limit / 1024 / 1024, 1)}
            )
        upload.seek(0)
        magic = upload.read(4)
        upload.seek(0)
        if not upload.name.lower().endswith(".xlsx") or magic != b"PK\x03\x04":
            raise ValidationError(
                _(
                    "Only Excel files in .xlsx format are accepted. For an .xls or .csv file, "
                    "open it in Excel and save it as .xlsx, or start from the template."
                )
            )
        return upload


class SectionLeadersForm(StyledForm):
    head = StaffPickField(label=pgettext_lazy("org", "Section head"), required=False)
    supervisor = StaffPickField(label=pgettext_lazy("org", "Supervising leader"), required=False)

    def __init__(self, *args, section: Section, members: list[Staff], leaders: list[Staff], **kwargs):
        kwargs.setdefault("initial", {"head": section.head_id, "supervisor": section.supervisor_id})
        kwargs.setdefault("prefix", f"s{section.pk}")
        super().__init__(*args, **kwargs)
        self.section = section
        self.fields["head"].set_people(members)
        self.fields["supervisor"].set_people(leaders)


class UnitLeadersForm(StyledForm):
    principal_leader = StaffPickField(label=pgettext_lazy("org", "Principal leader"), required=False)
    executive_deputy = StaffPickField(label=pgettext_lazy("org", "Executive deputy"), required=False)
    affairs_members = StaffPickMultipleField(
        label=gettext_lazy("Members of the affairs meeting"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, unit: Unit, staff: list[Staff], **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "principal_leader": unit.principal_leader_id,
                "executive_deputy": unit.executive_deputy_id,
                "affairs_members": [person.pk for person in staff if person.is_affairs_member],
            },
        )
        kwargs.setdefault("prefix", "unit")
        super().__init__(*args, **kwargs)
        leaders = [person for person in staff if person.position >= Position.DEPUTY]
        self.fields["principal_leader"].set_people(leaders)
        self.fields["executive_deputy"].set_people(leaders)
        self.fields["affairs_members"].set_people(staff)


class DelegationForm(StyledForm):
    delegate = StaffPickField(label=gettext_lazy("Delegate"))
    # ISO format: what <input type="date"> reads, whatever the display language.
    starts_on = forms.DateField(label=gettext_lazy("From"), widget=forms.DateInput({"type": "date"}, "%Y-%m-%d"))
    ends_on = forms.DateField(label=gettext_lazy("To"), widget=forms.DateInput({"type": "date"}, "%Y-%m-%d"))

    def __init__(self, *args, leader: Staff, **kwargs):
        today = timezone.localdate()
        kwargs.setdefault("initial", {"starts_on": today, "ends_on": today})
        super().__init__(*args, **kwargs)
        self.fields["delegate"].set_people(unit_staff(leader.unit).exclude(pk=leader.pk))

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end date must not be before the start date."))
        if starts_on and starts_on < timezone.localdate():
            self.add_error("starts_on", _("The period cannot start in the past."))
        return data


def sections_page_forms(
    unit: Unit, staff: list[Staff], data=None, bound_section_id: int | None = None
) -> list[SectionLeadersForm]:
    """One leaders form per section; only the section being saved is bound to the posted data."""
    leaders = [person for person in staff if person.position >= Position.DEPUTY]
    return [
        SectionLeadersForm(
            data if section.pk == bound_section_id else None,
            section=section,
            members=[person for person in staff if person.section_id == section.pk],
            leaders=leaders,
        )
        for section in unit_sections(unit)
    ]
