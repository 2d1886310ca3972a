from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import StyledFormMixin
from core.sensitivity import Sensitivity
from documents.models import Document, DocumentSettings
from org.models import Section, Staff


class StaffChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Staff) -> str:
        return f"{obj.name}（{obj.section.name if obj.section_id else obj.title}）"


class DocumentForm(StyledFormMixin, forms.ModelForm):
    """The drafter's form: the text fields, the 18 elements where they apply, the route and the readers."""

    countersign_sections = forms.ModelMultipleChoiceField(
        label=_("Countersigning sections (会签)"),
        queryset=Section.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Their section heads all check the draft after your section head."),
    )
    need_to_know = StaffChoiceField(
        label=_("Need-to-know list"),
        queryset=Staff.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("For a restricted document: only these people, you and the review chain can see it."),
    )

    class Meta:
        model = Document
        fields = [
            "doc_type",
            "title",
            "recipients",
            "body",
            "attachment_note",
            "sensitivity",
            "urgency",
            "is_important",
            "is_upward",
            "copy_number",
            "issuer_mark",
            "signature",
            "doc_date",
            "note",
            "cc",
            "printer",
        ]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 18, "class": "form-control doc-editor", "spellcheck": "false"}),
            "attachment_note": forms.Textarea(attrs={"rows": 2}),
            "doc_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "sensitivity": forms.RadioSelect,
        }
        help_texts = {
            "body": _("One paragraph per line. Headings: 一、 （一） 1. （1） — the toolbar inserts the next one."),
            "attachment_note": _("One attachment per line, without numbers or final punctuation."),
            "is_important": _("Important documents are signed off by the principal leader."),
        }

    def __init__(self, *args, unit, staff=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["countersign_sections"].queryset = Section.objects.filter(unit=unit).order_by("order", "id")
        self.fields["need_to_know"].queryset = (
            Staff.objects.filter(unit=unit, user__is_active=True)
            .select_related("user", "section")
            .order_by("-position", "order", "id")
        )
        self.fields["sensitivity"].choices = Sensitivity.choices
        if self.instance.pk:
            self.fields["countersign_sections"].initial = list(self.instance.countersign_sections.all())
            self.fields["need_to_know"].initial = list(self.instance.need_to_know.all())

    def clean(self):
        data = super().clean()
        if data.get("sensitivity") == Sensitivity.RESTRICTED and not data.get("need_to_know"):
            self.add_error("need_to_know", _("A restricted document needs a need-to-know list."))
        return data

    def document_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("countersign_sections", "need_to_know")}


class ReviewEditForm(StyledFormMixin, forms.Form):
    """A reviewer's edit in place: the text only (the route and readers stay as submitted)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    recipients = forms.CharField(label=_("Main recipients"), max_length=300, required=False)
    body = forms.CharField(
        label=_("Body"),
        widget=forms.Textarea(attrs={"rows": 18, "class": "form-control doc-editor", "spellcheck": "false"}),
    )
    attachment_note = forms.CharField(
        label=_("Attachment list (附件说明)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("return", _("Return for revision")), ("reject", _("Reject"))]
    )
    opinion = forms.CharField(required=False, max_length=2000)
    basis = forms.BooleanField(required=False)
    policy = forms.BooleanField(required=False)
    consultation = forms.BooleanField(required=False)
    form = forms.BooleanField(required=False)


class IssueForm(forms.Form):
    prefix = forms.ChoiceField(label=_("Number prefix"))

    def __init__(self, *args, prefixes: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["prefix"].choices = [(p, p) for p in prefixes]
        self.fields["prefix"].widget.attrs["class"] = "form-select"


class SettingsForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = DocumentSettings
        fields = ["principal_signs", "min_opinion_length", "empty_phrases", "number_prefixes"]
        widgets = {
            "empty_phrases": forms.Textarea(attrs={"rows": 6}),
            "number_prefixes": forms.Textarea(attrs={"rows": 3}),
        }


class RegisterFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Number or title"), required=False)
    section = forms.ModelChoiceField(label=_("Section"), queryset=Section.objects.none(), required=False)
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = Section.objects.filter(unit=unit).order_by("order", "id")
