"""``GET /api/v1/courses/search/?q=...``: the lesson search (``courses.search``) for an app.

Thin (STYLE.md point 1): the same ``lesson_search`` the ``/search/`` page calls, so the access
policy answers once for both. Anonymous: 401; a missing, empty or too long ``q``: 400 in the
one error shape (``field: "q"``); paginated with ``limit`` / ``offset`` like every list.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.views import APIView

from django.utils import timezone

from cms.api_errors import ApiErrorSerializer
from courses.search.selectors import MAX_QUERY_CHARS, lesson_search


class SearchLessonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField(help_text="The lesson page.")
    week_number = serializers.IntegerField()
    week_title = serializers.CharField()


class SearchHitSerializer(serializers.Serializer):
    lesson = SearchLessonSerializer()
    kind = serializers.ChoiceField(
        choices=["cue", "text"], help_text="cue: a transcript line; text: the lesson's text."
    )
    text = serializers.CharField(help_text="The passage, as plain text.")
    text_html = serializers.CharField(
        help_text="The passage escaped for HTML, the searched words in <mark>."
    )
    start = serializers.FloatField(allow_null=True, help_text="Cues: seconds into the video.")
    end = serializers.FloatField(allow_null=True)
    start_label = serializers.CharField(help_text='Cues: the moment as "3:12"; "" for text.')
    speaker = serializers.CharField(allow_blank=True)
    url = serializers.CharField(
        help_text="Opens the lesson; for a cue with the video at its moment (#t=<seconds>)."
    )


class SearchPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    results = SearchHitSerializer(many=True)


class SearchPagination(LimitOffsetPagination):
    default_limit = 20
    max_limit = 100


class LessonSearchView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="courses_search",
        summary="Search the text and transcripts of the lessons open to me",
        description="Only lessons the access policy opens to the signed-in user are searched "
        "(weeks released to their class, within their tier; staff: every lesson). Every word "
        "must appear; best matches first.",
        parameters=[
            OpenApiParameter(
                "q",
                OpenApiTypes.STR,
                required=True,
                description=f"Words to find, at most {MAX_QUERY_CHARS} characters.",
            ),
            OpenApiParameter("limit", OpenApiTypes.INT, description="Hits per page (max 100)."),
            OpenApiParameter("offset", OpenApiTypes.INT, description="Hits to skip."),
        ],
        responses={
            200: SearchPageSerializer,
            400: OpenApiResponse(
                ApiErrorSerializer, description="`q` is missing, empty or too long"
            ),
        },
        tags=["courses"],
    )
    def get(self, request):
        found = lesson_search(
            user=request.user,
            query=request.query_params.get("q"),
            now=timezone.now(),
            request=request,
        )
        paginator = SearchPagination()
        passages = paginator.paginate_queryset(found.results, request, view=self)
        hits = [
            {
                "lesson": hit.lesson.__dict__,
                "kind": hit.kind,
                "text": hit.text,
                "text_html": str(hit.text_html),
                "start": hit.start,
                "end": hit.end,
                "start_label": hit.start_label,
                "speaker": hit.speaker,
                "url": hit.url,
            }
            for hit in found.hits(passages)
        ]
        response = paginator.get_paginated_response(SearchHitSerializer(hits, many=True).data)
        response["Cache-Control"] = "private, no-store"
        return response
