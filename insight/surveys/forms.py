"""The survey builder's form: once students have answered a question, the editor may reword
it and add choices, but not delete it, change its kind or take away a choice someone chose;
any of those would silently change or drop answers already counted in the results."""

from __future__ import annotations

from django.db.models import Count

from wagtail.admin.forms import WagtailAdminModelForm

from insight.surveys.models import Answer, choice_lines


class SurveyAdminForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        questions = self.formsets.get("questions")
        if questions is not None and self.instance.pk and questions.is_valid():
            self._keep_answered_questions(questions)
        return cleaned

    def _keep_answered_questions(self, questions) -> None:
        ids = [form.instance.pk for form in questions.initial_forms]
        answered = dict(
            Answer.objects.filter(question_id__in=ids)
            .values_list("question_id")
            .annotate(n=Count("response_id", distinct=True))
        )
        chosen: dict[int, set[str]] = {}
        for question_id, choice in (
            Answer.objects.filter(question_id__in=answered).exclude(choice="")
        ).values_list("question_id", "choice"):
            chosen.setdefault(question_id, set()).add(choice)

        deleted = set(questions.deleted_forms)
        for form in questions.initial_forms:
            question = form.instance
            count = answered.get(question.pk)
            if not count:
                continue
            answers = f"{count} answer{'s' if count != 1 else ''}"
            if form in deleted:
                self.add_error(
                    None,
                    f"The question “{form.initial.get('prompt')}” has {answers}, so it cannot "
                    "be deleted; untick “Send it” and build a new survey instead.",
                )
                continue
            if form.cleaned_data.get("kind") != form.initial.get("kind"):
                form.add_error(
                    "kind", f"This question has {answers}; its kind can no longer change."
                )
            missing = chosen.get(question.pk, set()) - set(
                choice_lines(form.cleaned_data.get("choices", ""))
            )
            if missing:
                form.add_error(
                    "choices",
                    f"Students chose {', '.join(sorted(missing))}; keep "
                    f"{'that choice' if len(missing) == 1 else 'those choices'} "
                    "(you may add new ones).",
                )
