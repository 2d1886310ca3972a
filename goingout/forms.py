from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import StyledFormMixin
from goingout.models import GoingOutReport


class GoingOutForm(StyledFormMixin, forms.ModelForm):
    purpose = forms.ChoiceField(
        label=_("Purpose"), choices=GoingOutReport.Purpose.choices, widget=forms.RadioSelect, initial="work"
    )

    class Meta:
        model = GoingOutReport
        fields = ["purpose", "destination", "starts_on", "ends_on", "reason", "contact"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "reason": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"contact": _("A phone number where you can be reached while away (optional).")}

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end date cannot be before the start date."))
        return data
