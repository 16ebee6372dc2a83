"""The coach's API, under ``/api/v1/coaching/``: the same selectors as the workspace pages.

* ``GET /coaching/classes/``: the classes I coach.
* ``GET /coaching/entries/waiting/``: journal entries of my classes waiting for feedback.

Both show a coach only their classes; someone outside the Coaches group coaches nothing and
gets an empty list (like any reader of a list they have no rows in).
"""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from coaching import selectors

TAGS = ["coaching"]


def _is_coach(user) -> bool:
    return user.has_perm("coaching.coach_classes")


class CoachClassSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    course_title = serializers.CharField(source="course.title")
    start_date = serializers.DateField()
    timezone = serializers.CharField()


class WaitingEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    week_number = serializers.IntegerField()
    cohort_id = serializers.IntegerField()
    student_name = serializers.SerializerMethodField()
    iteration = serializers.SerializerMethodField()
    late = serializers.SerializerMethodField()
    submitted_at = serializers.SerializerMethodField()

    def get_student_name(self, entry) -> str:
        return entry.user.get_full_name() or entry.user.email

    def get_iteration(self, entry) -> int:
        return entry.latest_submission.number

    def get_late(self, entry) -> bool:
        return entry.latest_submission.late

    def get_submitted_at(self, entry) -> str:
        return entry.latest_submission.submitted_at.isoformat()


def _private(response: Response) -> Response:
    response["Cache-Control"] = "private, no-store"
    return response


class CoachClassesView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(tags=TAGS, responses=CoachClassSerializer(many=True))
    def get(self, request):
        cohorts = selectors.coach_cohorts(user=request.user) if _is_coach(request.user) else []
        return _private(Response(CoachClassSerializer(cohorts, many=True).data))


class WaitingEntriesView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(tags=TAGS, responses=WaitingEntrySerializer(many=True))
    def get(self, request):
        entries = (
            selectors.coach_entries_waiting(user=request.user) if _is_coach(request.user) else []
        )
        return _private(Response(WaitingEntrySerializer(entries, many=True).data))
