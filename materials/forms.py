from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import StyledFormMixin
from core.sensitivity import Sensitivity
from materials.files import validate_upload
from materials.models import Category
from org.models import Staff

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MaterialForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    sensitivity = forms.ChoiceField(
        label=_("Sensitivity"),
        choices=Sensitivity.choices,
        initial=Sensitivity.INTERNAL,
        help_text=_("Restricted: only the people on the need-to-know list (and you) can find and open it."),
    )
    need_to_know = forms.ModelMultipleChoiceField(
        label=_("Need-to-know list"),
        queryset=Staff.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Hold Ctrl (or ⌘) to choose several."),
    )
    source = forms.CharField(label=_("Source or author"), max_length=200, required=False)
    issued_on = forms.DateField(label=_("Date"), widget=DATE, required=False)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 12}), required=False)
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("PDF, Word (.docx), Excel (.xlsx) or text (.txt)."),
    )
    remove_file = forms.BooleanField(label=_("Remove the current file"), required=False)

    def __init__(self, *args, staff: Staff, has_file: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_file = has_file
        self.fields["need_to_know"].queryset = (
            Staff.objects.filter(unit_id=staff.unit_id).select_related("user").order_by("section__order", "id")
        )
        self.fields["need_to_know"].label_from_instance = lambda person: person.name
        if not has_file:
            del self.fields["remove_file"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            validate_upload(upload)
        return upload

    def clean(self):
        data = super().clean()
        has_file = bool(data.get("file")) or (self.has_file and not data.get("remove_file"))
        if not (data.get("body") or "").strip() and not has_file:
            self.add_error("body", _("Enter the text or upload a file."))
        return data
