"""``GET`` / ``PATCH /api/v1/me/profile/``: the signed-in person's own profile.

The email address is read-only here: changing it goes through allauth (verification of the
new address), ``/_allauth/app/v1/account/email``.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from django.contrib.auth import get_user_model


class ProfileSerializer(serializers.ModelSerializer):
    """Length limits come from the model; longer input is refused naming the limit."""

    class Meta:
        model = get_user_model()
        fields = ["id", "email", "first_name", "last_name", "job_title", "company"]
        read_only_fields = ["id", "email"]


class MyProfileView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="me_profile",
        summary="My profile",
        responses=ProfileSerializer,
        tags=["me"],
    )
    def get(self, request):
        response = Response(ProfileSerializer(request.user).data)
        response["Cache-Control"] = "private, no-store"
        return response

    @extend_schema(
        operation_id="me_profile_update",
        summary="Change my name, job title or company",
        request=ProfileSerializer,
        responses=ProfileSerializer,
        tags=["me"],
    )
    def patch(self, request):
        data = ProfileSerializer(request.user, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        data.save()
        response = Response(data.data)
        response["Cache-Control"] = "private, no-store"
        return response
