"""The Kata entry form and the coach's feedback form."""

from django import forms

from coaching.models import KATA_FIELD_MAX_LENGTH, KATA_FIELDS, Verdict


class KataForm(forms.Form):
    challenge = forms.CharField(required=False, max_length=KATA_FIELD_MAX_LENGTH)
    target_condition = forms.CharField(required=False, max_length=KATA_FIELD_MAX_LENGTH)
    current_condition = forms.CharField(required=False, max_length=KATA_FIELD_MAX_LENGTH)
    obstacle = forms.CharField(required=False, max_length=KATA_FIELD_MAX_LENGTH)
    next_step = forms.CharField(required=False, max_length=KATA_FIELD_MAX_LENGTH)
    expected = forms.CharField(required=False, max_length=KATA_FIELD_MAX_LENGTH)
    learned = forms.CharField(required=False, max_length=KATA_FIELD_MAX_LENGTH)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in KATA_FIELDS:
            self.fields[name].label = label
            self.fields[name].widget = forms.Textarea(attrs={"rows": 3})


class FeedbackForm(forms.Form):
    verdict = forms.ChoiceField(choices=Verdict.choices, widget=forms.RadioSelect)
    feedback = forms.CharField(
        max_length=KATA_FIELD_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 5})
    )
