from django import forms
from django.utils.translation import gettext_lazy as _

from approvals.models import Node
from org.models import Position


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("return", _("Return for revision")), ("reject", _("Reject"))],
    )
    opinion = forms.CharField(
        label=_("Opinion"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") in ("reject", "return") and not (data.get("opinion") or "").strip():
            self.add_error("opinion", _("Please give the reason for rejecting or returning the request."))
        return data


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


NODE_CHOICES = [("", "—")] + [(n.value, n.label) for n in Node]


class RuleForm(forms.Form):
    positions = forms.TypedMultipleChoiceField(
        label=_("Applicant positions"),
        choices=Position.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: applies to everyone."),
    )
    days_above = forms.DecimalField(
        label=_("Applies above (days)"), min_value=0, max_digits=6, decimal_places=1, initial=0
    )
    node1 = forms.ChoiceField(label=_("Step 1"), choices=NODE_CHOICES)
    node2 = forms.ChoiceField(label=_("Step 2"), choices=NODE_CHOICES, required=False)
    node3 = forms.ChoiceField(label=_("Step 3"), choices=NODE_CHOICES, required=False)
    node4 = forms.ChoiceField(label=_("Step 4"), choices=NODE_CHOICES, required=False)
    node5 = forms.ChoiceField(label=_("Step 5"), choices=NODE_CHOICES, required=False)
    node6 = forms.ChoiceField(label=_("Step 6"), choices=NODE_CHOICES, required=False)

    def clean(self):
        data = super().clean()
        nodes = [data.get(f"node{i}") for i in range(1, 7)]
        # No gaps: a later step without an earlier one is a typing slip.
        seen_blank = False
        for node in nodes:
            if not node:
                seen_blank = True
            elif seen_blank:
                raise forms.ValidationError(_("Fill the steps in order, without gaps."))
        filled = [n for n in nodes if n]
        if len(set(filled)) != len(filled):
            raise forms.ValidationError(_("The same step appears twice."))
        data["nodes"] = filled
        return data


RuleFormSet = forms.formset_factory(RuleForm, extra=1, can_delete=True, max_num=20)
