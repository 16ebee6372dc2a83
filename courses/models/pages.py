"""The curriculum editors write in Wagtail: ``CoursePage`` > ``WeekPage`` > ``LessonPage``.

Page models hold content and read helpers only (services do the writes). What a visitor may see is
decided by ``courses.selectors.lesson_access``; the pages ask it in ``get_context`` and the
templates only show what it allowed.
The tree is fixed with ``parent_page_types`` / ``subpage_types``
(https://docs.wagtail.org/en/stable/reference/pages/model_reference.html#wagtail.models.Page.subpage_types).
"""

from modelcluster.fields import ParentalKey

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.cache import patch_cache_control

from wagtail import blocks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.page_cache import CachedPageMixin, page_cache_memo
from courses.blocks import LessonStreamBlock

WEEKS_PER_COURSE = 10


def _bullet_list() -> StreamField:
    return StreamField([("item", blocks.CharBlock(max_length=255, label="Point"))], blank=True)


class CoursePage(CachedPageMixin, Page):
    """The course: what a buyer reads (overview, coaches, FAQ, classes) and the outline.

    Anonymous readers get a cached copy (``cms.page_cache``); it shows seats left, so a copy
    lives 30 seconds at most.
    """

    page_cache_private_for_cdn = True

    page_cache_max_seconds = 30

    tagline = models.CharField(max_length=200, blank=True)
    intro = RichTextField(features=["bold", "italic", "link", "ul", "ol"], blank=True)
    who_should_attend = _bullet_list()
    what_you_will_learn = _bullet_list()
    orientation = RichTextField(
        features=["bold", "italic", "link", "ul", "ol"],
        blank=True,
        help_text=(
            "The orientation: what a new student can do before week 1 opens. Shown to them on "
            "this page until their class starts."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("tagline"),
        FieldPanel("intro"),
        FieldPanel("who_should_attend"),
        FieldPanel("what_you_will_learn"),
        FieldPanel("orientation"),
        InlinePanel("course_coaches", heading="Coaches", label="Coach"),
        InlinePanel("course_faqs", heading="Frequently asked questions", label="Question"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("tagline"), index.SearchField("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["courses.WeekPage"]
    template = "courses/course_page.html"
    # The admin lists a course's weeks in tree order, which is number order
    # (courses.week_order), not most recently edited first (Wagtail's default).
    admin_default_ordering = "ord"

    class Meta:
        verbose_name = "course"

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import course_page_view

        context = super().get_context(request, *args, **kwargs)
        context["now"] = now = timezone.now()
        context["course_view"] = course_page_view(course=self, user=request.user, now=now)
        return context

    def serve(self, request, *args, **kwargs):
        return _private_response(super().serve(request, *args, **kwargs))


class CourseCoach(Orderable):
    page = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="course_coaches")
    coach = models.ForeignKey("cms.Coach", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("coach")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["page", "coach"], name="courses_coach_once_per_course")
        ]


class CourseFAQ(Orderable):
    page = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="course_faqs")
    entry = models.ForeignKey("cms.FAQEntry", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("entry")]

    class Meta(Orderable.Meta):
        verbose_name = "course FAQ entry"
        constraints = [
            models.UniqueConstraint(fields=["page", "entry"], name="courses_faq_once_per_course")
        ]


class WeekPageForm(WagtailAdminPageForm):
    """Week numbers are unique within a course; the tree cannot say so, the form does."""

    def clean(self):
        cleaned_data = super().clean()
        number = cleaned_data.get("number")
        parent = self.parent_page or (self.instance.get_parent() if self.instance.pk else None)
        if number and parent is not None:
            clash = WeekPage.objects.child_of(parent).filter(number=number)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error(
                    "number", forms.ValidationError(f"This course already has a week {number}.")
                )
        return cleaned_data


class WeekPage(CachedPageMixin, Page):
    """One week (module) of the course: a theme, what students will be able to do, lessons."""

    page_cache_private_for_cdn = True

    number = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(WEEKS_PER_COURSE)],
        help_text=f"1 to {WEEKS_PER_COURSE}; week N opens for a class N-1 weeks after it starts.",
    )
    theme = models.CharField(max_length=160, blank=True)
    summary = models.TextField(blank=True)
    learning_outcomes = _bullet_list()

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel([FieldPanel("number"), FieldPanel("theme")], heading="Week"),
        FieldPanel("summary"),
        FieldPanel("learning_outcomes"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("theme"), index.SearchField("summary")]
    base_form_class = WeekPageForm
    parent_page_types = ["courses.CoursePage"]
    subpage_types = ["courses.LessonPage"]
    template = "courses/week_page.html"

    class Meta:
        verbose_name = "week"

    def get_admin_display_title(self) -> str:
        """The admin's course tree names each week with its number: "Week 3: Discovery"."""
        return f"Week {self.number}: {super().get_admin_display_title()}"

    def clean(self):
        super().clean()
        parent = self.get_parent() if self.pk and self.path else None
        if parent is not None and (
            WeekPage.objects.child_of(parent)
            .filter(number=self.number)
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError({"number": f"This course already has a week {self.number}."})

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import week_page_view

        context = super().get_context(request, *args, **kwargs)
        context["now"] = now = timezone.now()
        context["week_view"] = week_page_view(week=self, user=request.user, now=now)
        return context

    def serve(self, request, *args, **kwargs):
        return _private_response(super().serve(request, *args, **kwargs))


class LessonPage(CachedPageMixin, Page):
    """A lesson. Title, summary and duration are public; the body opens on release.

    Anonymous readers (always locked out) get a cached copy of the locked page. Signed-in
    readers get a fresh page every time, built from remembered parts that are the same for
    everyone (breadcrumb, pager, the rendered body) and the policy's answer for them.
    """

    page_cache_private_for_cdn = True
    #: A signed-in reader's page is remembered for them until any write (cms.reader_cache).
    reader_cache = True

    summary = models.TextField(blank=True, help_text="Public: shown in the course outline.")
    duration_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    body = StreamField(LessonStreamBlock(), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("duration_minutes"),
        FieldPanel("body"),
    ]
    # The body is private: only the public outline fields are indexed for search.
    search_fields = [*Page.search_fields, index.SearchField("summary")]
    parent_page_types = ["courses.WeekPage"]
    subpage_types: list[str] = []
    template = "courses/lesson_page.html"

    class Meta:
        verbose_name = "lesson"

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import lesson_page_view

        context = super().get_context(request, *args, **kwargs)
        context["now"] = now = timezone.now()
        context["lesson_view"] = view = lesson_page_view(
            lesson=self, user=request.user, now=now, request=request
        )
        if view.access.allowed:
            context["lesson_body"] = self.body_html(request)
        return context

    def body_html(self, request) -> str:
        """The rendered body: rendered once per publish, the same for every reader allowed to
        see it (the policy decides who that is; this is only called after it said yes)."""

        def render():  # a SafeString, which stays one through the cache's pickling
            return self.body.render_as_block(context={"page": self, "request": request})

        if getattr(request, "is_preview", False):
            return render()
        return page_cache_memo(name=f"lesson-body|{self.pk}", page_ids=[self.pk], compute=render)

    def serve(self, request, *args, **kwargs):
        return _private_response(super().serve(request, *args, **kwargs))


def _private_response(response):
    """Pages that differ per student must never be stored by a shared cache or CDN.

    (An anonymous reader's copy is the same for every anonymous reader, so ``cms.page_cache``
    keeps it on the server: these page types set ``page_cache_private_for_cdn``.)
    """
    patch_cache_control(response, private=True, no_cache=True)
    return response
