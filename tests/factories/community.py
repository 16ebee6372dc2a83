"""Comments, the people who write them and a page to write them on."""

import importlib
from datetime import timedelta

import factory

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from wagtail.admin.models import Admin

from cms.models import StandardPage
from community.models import Comment
from tests.baseline import migrated_baseline, site_home

from .accounts import VerifiedUserFactory


class CommenterFactory(VerifiedUserFactory):
    """A signed-up reader whose account is old enough not to be held as "new"."""

    date_joined = factory.LazyFunction(lambda: timezone.now() - timedelta(days=30))


def moderation_groups() -> dict[str, Group]:
    """Wagtail's "Editors" and "Moderators" groups as the migrations leave them.

    A transactional test (``transaction=True``) flushes the database when it ends, and with
    ``--reuse-db`` the next run starts without the groups that migrations created; they are
    then rebuilt the way the migrations build them: admin access plus our comment grants.
    """
    names = ("Editors", "Moderators")
    if Group.objects.filter(name__in=names).count() < len(names):
        migrated_baseline()
        access_admin, _ = Permission.objects.get_or_create(
            content_type=ContentType.objects.get_for_model(Admin),
            codename="access_admin",
            defaults={"name": "Can access Wagtail admin"},
        )
        for name in names:
            Group.objects.get_or_create(name=name)[0].permissions.add(access_admin)
        grants = importlib.import_module("community.migrations.0002_grant_moderation_to_editors")
        grants.grant(apps, schema_editor=None)
    return {group.name: group for group in Group.objects.filter(name__in=names)}


class CommentablePageFactory(factory.django.DjangoModelFactory[StandardPage]):
    """A live page under the default site's root. The tests list ``cms.standardpage`` in
    ``COMMUNITY_COMMENT_PAGE_TYPES`` (ArticlePage is the real commentable type)."""

    class Meta:
        model = StandardPage

    title = factory.Sequence(lambda n: f"Discussion page {n}")
    slug = factory.Sequence(lambda n: f"discussion-page-{n}")
    live = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        parent = kwargs.pop("parent", None) or site_home()
        page = model_class(*args, **kwargs)
        parent.add_child(instance=page)
        return page


class CommentFactory(factory.django.DjangoModelFactory[Comment]):
    class Meta:
        model = Comment

    page = factory.SubFactory(CommentablePageFactory)
    author = factory.SubFactory(CommenterFactory)
    body = factory.Faker("paragraph", nb_sentences=2)
    status = Comment.Status.PUBLISHED
