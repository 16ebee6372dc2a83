from django.apps import AppConfig


class LessonSearchConfig(AppConfig):
    """Search across the text and transcripts of the lessons released to a student.

    Part of ``courses`` (it answers through the access policy), with its own app label so its
    migrations stand apart from the curriculum's. Each lesson's published text is cut into
    passages (transcript cues with their times, body paragraphs) that Wagtail's search backend
    indexes; a search is filtered to the lessons the policy opens for the reader before the
    backend is asked (docs/architecture.md, "Searching lessons").
    """

    name = "courses.search"
    label = "lesson_search"
    verbose_name = "Lesson search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_save, pre_delete

        from wagtail.documents import get_document_model
        from wagtail.signals import page_published, page_unpublished

        from cms.account_menu import header_search_register
        from courses.models import LessonPage
        from courses.search import signal_handlers as handlers

        # Wiring only: each handler calls a service of courses.search.services.
        page_published.connect(handlers.lesson_published, dispatch_uid="lesson_search.publish")
        page_unpublished.connect(
            handlers.lesson_unpublished, dispatch_uid="lesson_search.unpublish"
        )
        pre_delete.connect(
            handlers.lesson_deleted, sender=LessonPage, dispatch_uid="lesson_search.delete"
        )
        post_save.connect(
            handlers.document_saved,
            sender=get_document_model(),
            dispatch_uid="lesson_search.document",
        )
        header_search_register(url_name="lesson_search:search", label="Search lessons")
