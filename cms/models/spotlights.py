"""Student spotlights: question-and-answer interviews with graduates of the course.

Every spotlight is approved by a moderator before it goes live: the "Spotlight approval"
workflow (created by migration ``0005``) is assigned to spotlight indexes, see
``cms.services.spotlight_index_require_approval``.
"""

from django.db import models
from django.db.models import Q

from wagtail.admin.forms import WagtailAdminPageForm
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


class SpotlightPageForm(WagtailAdminPageForm):
    """Editors choose among valid certificates only; a spotlight whose certificate was revoked
    since keeps it (the page no longer says "verified") so that saving other edits does not
    fail on a choice the editor did not touch."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("certificate")
        if field is None:
            return
        # ``valid()`` is the certificate's own rule (courses.models.CertificateQuerySet).
        certificates = field.queryset.model.objects
        choosable = certificates.valid()
        if self.instance.certificate_id:
            choosable = certificates.filter(
                Q(pk__in=choosable.values("pk")) | Q(pk=self.instance.certificate_id)
            )
        field.queryset = choosable


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
    # The graduate's real certificate, by string reference: cms never imports courses
    # (docs/architecture.md). Editors choose among valid certificates only (the form, not
    # ``limit_choices_to``: a model-level limit would refuse to save a spotlight whose
    # certificate was revoked after it was linked); the page asks the
    # certificate itself whether it is still valid (``Certificate.is_valid``), so a refund that
    # revokes it removes the "Verified certificate" label (courses.certificates purges the page).
    certificate = models.ForeignKey(
        "courses.Certificate",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="spotlights",
        help_text="The graduate's certificate; the page links to its public verification page "
        'and says "Verified certificate" while it is valid.',
    )
    introduction = models.TextField(
        max_length=400, help_text="A sentence or two shown on the index and when shared."
    )
    body = StreamField(SpotlightStreamBlock())

    base_form_class = SpotlightPageForm
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
                FieldPanel("certificate"),
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
    def verified_certificate(self):
        """The linked certificate while it is valid, else None (the label is then not shown)."""
        certificate = self.certificate
        return certificate if certificate is not None and certificate.is_valid else None

    @property
    def questions_and_answers(self):
        return [block for block in self.body if block.block_type == "qa"]
