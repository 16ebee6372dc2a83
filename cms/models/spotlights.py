"""Student spotlights: question-and-answer interviews with graduates of the course.

Every spotlight is approved by a moderator before it goes live: the "Spotlight approval"
workflow (created by migration ``0005``) is assigned to spotlight indexes, see
``cms.services.spotlight_index_require_approval``.
"""

from django.db import models

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import SpotlightStreamBlock
from cms.page_cache import CachedPageMixin

from .seo import SeoMixin


class SpotlightRole(models.TextChoices):
    """Broad families of roles visitors filter by; the exact job title is free text."""

    PRODUCT_MANAGER = "product-manager", "Product manager"
    PRODUCT_OWNER = "product-owner", "Product owner"
    PRODUCT_LEADER = "product-leader", "Head, director or VP of product"
    FOUNDER = "founder", "Founder"
    DESIGNER = "designer", "Designer or researcher"
    ENGINEER = "engineer", "Engineer"
    OTHER = "other", "Other"


class SpotlightIndexPage(CachedPageMixin, SeoMixin, Page):
    """All spotlights, newest first, filtered by the class the graduate took and their role."""

    introduction = models.TextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.SpotlightPage"]
    page_cache_query_params = ("page", "class", "role")

    class Meta:
        verbose_name = "spotlight index"

    def get_context(self, request, *args, **kwargs):
        from cms.selectors import spotlight_index_listing

        context = super().get_context(request, *args, **kwargs)
        context["listing"] = spotlight_index_listing(
            index=self,
            cohort_label=request.GET.get("class", ""),
            role=request.GET.get("role", ""),
            page_number=request.GET.get("page", 1),
        )
        return context


class SpotlightPage(CachedPageMixin, SeoMixin, Page):
    """An interview with one graduate: who they are, the class they took, and their answers."""

    graduate_name = models.CharField(max_length=120)
    photo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=False, on_delete=models.SET_NULL, related_name="+"
    )
    job_title = models.CharField(max_length=120, help_text="For example: Senior product manager")
    role = models.CharField(
        max_length=20,
        choices=SpotlightRole.choices,
        default=SpotlightRole.PRODUCT_MANAGER,
        help_text="The family of roles the spotlight index filters by",
    )
    company = models.CharField(max_length=120, blank=True)
    # Free text as the editor writes it, not a link to a courses.Cohort: cms does not import
    # courses (docs/architecture.md).
    cohort_label = models.CharField(
        "class",
        max_length=60,
        blank=True,
        help_text='The class they took, for example "March 2026 class"',
    )
    # Certificates live in courses, which cms never imports (docs/architecture.md), so the
    # editor pastes the verification URL. It is shown only when filled in.
    certificate_url = models.URLField(
        blank=True, help_text="The public verification page of the graduate's certificate"
    )
    introduction = models.TextField(
        max_length=400, help_text="A sentence or two shown on the index and when shared."
    )
    body = StreamField(SpotlightStreamBlock())

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("graduate_name"),
                FieldPanel("photo"),
                FieldPanel("job_title"),
                FieldPanel("role"),
                FieldPanel("company"),
                FieldPanel("cohort_label"),
                FieldPanel("certificate_url"),
            ],
            heading="The graduate",
        ),
        FieldPanel("introduction"),
        FieldPanel("body", heading="Interview"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("graduate_name"),
        index.SearchField("company"),
        index.SearchField("introduction"),
        index.SearchField("body"),
        index.FilterField("cohort_label"),
        index.FilterField("role"),
    ]
    parent_page_types = ["cms.SpotlightIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "student spotlight"

    @property
    def hero_image(self):
        """The photo doubles as the image shown when the spotlight is shared."""
        return self.photo

    @property
    def questions_and_answers(self):
        return [block for block in self.body if block.block_type == "qa"]
