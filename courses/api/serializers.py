"""Serializers of the courses API: the public outline, a student's calendar, a lesson."""

from rest_framework import serializers

from django.urls import reverse

from cms.api_errors import ApiErrorSerializer
from courses.selectors import transcript_cues

BLOCK_TYPES = [
    "heading",
    "paragraph",
    "image",
    "video",
    "callout",
    "takeaways",
    "discussion_prompt",
    "exercise",
]


class OutlineLessonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    slug = serializers.CharField()
    summary = serializers.CharField()
    duration_minutes = serializers.IntegerField(allow_null=True)
    url = serializers.SerializerMethodField()

    def get_url(self, lesson) -> str:
        return lesson.get_url(self.context.get("request")) or ""


class OutlineWeekSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    title = serializers.CharField(source="page.title")
    slug = serializers.CharField(source="page.slug")
    theme = serializers.CharField(source="page.theme")
    summary = serializers.CharField(source="page.summary")
    learning_outcomes = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    lessons = OutlineLessonSerializer(many=True)

    def get_learning_outcomes(self, week) -> list[str]:
        return [block.value for block in week.page.learning_outcomes]

    def get_url(self, week) -> str:
        return week.page.get_url(self.context.get("request")) or ""


class UpcomingCohortSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()
    start_date = serializers.DateField()
    timezone = serializers.CharField()
    seats_left = serializers.IntegerField()
    enrollment_open = serializers.BooleanField(source="is_open")
    enrollment_closes_at = serializers.DateTimeField(allow_null=True)


class CourseSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    slug = serializers.CharField()
    tagline = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, course) -> str:
        return course.get_url(self.context.get("request")) or ""


class CourseOutlineSerializer(CourseSummarySerializer):
    who_should_attend = serializers.SerializerMethodField()
    what_you_will_learn = serializers.SerializerMethodField()
    weeks = OutlineWeekSerializer(many=True)
    upcoming_cohorts = UpcomingCohortSerializer(many=True)

    def get_who_should_attend(self, course) -> list[str]:
        return [block.value for block in course.who_should_attend]

    def get_what_you_will_learn(self, course) -> list[str]:
        return [block.value for block in course.what_you_will_learn]


class ScheduledWeekSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    title = serializers.CharField(allow_null=True)
    due_at = serializers.DateTimeField(help_text="When the week is scheduled to open (UTC).")
    released_at = serializers.DateTimeField(allow_null=True)
    available = serializers.BooleanField(help_text="True once the week is released.")


class CohortRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()
    start_date = serializers.DateField()
    timezone = serializers.CharField()
    release_hour = serializers.IntegerField()


class MyCohortSerializer(serializers.Serializer):
    enrollment_id = serializers.IntegerField()
    tier = serializers.CharField()
    status = serializers.CharField()
    cohort = CohortRefSerializer()
    course = CourseSummarySerializer()
    weeks = ScheduledWeekSerializer(many=True)


class AccessSerializer(serializers.Serializer):
    allowed = serializers.BooleanField()
    reason = serializers.ChoiceField(
        choices=[
            "anonymous",
            "not_enrolled",
            "not_released_yet",
            "revoked",
            "staff_preview",
            "granted",
        ]
    )
    message = serializers.CharField()
    available_at = serializers.DateTimeField(allow_null=True)


class LessonRefusedSerializer(ApiErrorSerializer):
    """The API's one error shape (``code`` ``lesson_closed``) with the policy's answer."""

    access = AccessSerializer(allow_null=True)


class LessonBlockSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=BLOCK_TYPES)
    id = serializers.CharField()
    value = serializers.JSONField(help_text="Shape depends on 'type' (see the API docs).")


class LessonDetailSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    summary = serializers.CharField()
    duration_minutes = serializers.IntegerField(allow_null=True)
    course_id = serializers.IntegerField()
    week_number = serializers.IntegerField()
    url = serializers.CharField()
    access = AccessSerializer()
    body = LessonBlockSerializer(many=True)


def _file(request, lesson, document, *, inline: bool = False) -> dict | None:
    if document is None:
        return None
    url = reverse("courses:lesson_file", args=[lesson.pk, document.pk])
    if inline:
        url += "?inline=1"
    return {
        "id": document.pk,
        "title": document.title,
        "filename": document.filename,
        "url": request.build_absolute_uri(url),
    }


def lesson_body_representation(*, lesson, request) -> list[dict]:
    """The lesson's blocks as JSON. Call only after the access policy allowed the lesson."""
    items = []
    for block in lesson.body:
        kind, value = block.block_type, block.value
        if kind in ("heading",):
            data = value
        elif kind == "paragraph":
            data = str(value)
        elif kind == "image":
            data = {"title": value.title, "url": value.get_rendition("max-1200x1200").url}
        elif kind == "video":
            cues = transcript_cues(document=value["transcript"]) if value["transcript"] else None
            data = {
                "title": value["title"],
                "file": _file(request, lesson, value["video_file"], inline=True),
                "embed_url": value["embed"].url if value["embed"] else None,
                "transcript": {
                    "file": _file(request, lesson, value["transcript"]),
                    "cues": [cue.as_dict() for cue in cues or []],
                },
            }
        elif kind == "callout":
            data = {"tone": value["tone"], "title": value["title"], "text": str(value["text"])}
        elif kind == "takeaways":
            data = {
                "heading": value["heading"],
                "files": [_file(request, lesson, doc) for doc in value["documents"]],
            }
        else:  # discussion_prompt, exercise: plain text fields
            data = dict(value)
        items.append({"type": kind, "id": block.id, "value": data})
    return items


class ProgressSerializer(serializers.Serializer):
    done = serializers.IntegerField(help_text="Lessons marked done.")
    total = serializers.IntegerField(help_text="Lessons in the course (or week).")
    percent = serializers.IntegerField(min_value=0, max_value=100)


class LessonRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField()


class DashboardLessonSerializer(LessonRefSerializer):
    done = serializers.BooleanField()
    available = serializers.BooleanField(help_text="True once the lesson's week is released.")


class DashboardWeekSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    title = serializers.CharField(allow_null=True)
    url = serializers.CharField(allow_null=True)
    due_at = serializers.DateTimeField(help_text="When the week is scheduled to open (UTC).")
    released_at = serializers.DateTimeField(allow_null=True)
    available = serializers.BooleanField()
    progress = ProgressSerializer()
    lessons = DashboardLessonSerializer(many=True)


class CertificateRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    valid = serializers.BooleanField()
    url = serializers.CharField(help_text="Public verification page.")
    pdf_url = serializers.CharField(allow_null=True, help_text="Null once revoked.")


class DashboardClassSerializer(serializers.Serializer):
    enrollment_id = serializers.IntegerField()
    cohort = CohortRefSerializer()
    course = CourseSummarySerializer()
    progress = ProgressSerializer()
    continue_lesson = LessonRefSerializer(
        allow_null=True, help_text="Where to continue: the next open lesson not done yet."
    )
    certificate = CertificateRefSerializer(allow_null=True)
    weeks = DashboardWeekSerializer(many=True)


class DashboardSerializer(serializers.Serializer):
    classes = DashboardClassSerializer(many=True)


class LessonProgressSerializer(serializers.Serializer):
    lesson_id = serializers.IntegerField()
    done = serializers.BooleanField()
    enrollment_id = serializers.IntegerField()
    week_number = serializers.IntegerField()
    week_progress = ProgressSerializer()
    course_progress = ProgressSerializer()
    continue_lesson = LessonRefSerializer(allow_null=True)
