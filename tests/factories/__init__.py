"""factory_boy factories, one module per app, re-exported here."""

from .accounts import UserFactory, VerifiedUserFactory
from .community import CommentablePageFactory, CommenterFactory, CommentFactory

__all__ = ["UserFactory", "VerifiedUserFactory"]

__all__ += ["CommentFactory", "CommentablePageFactory", "CommenterFactory"]

from .editorial import (  # noqa: E402
    ArticleIndexPageFactory,
    ArticlePageFactory,
    AuthorFactory,
    CoachesPageFactory,
    CoachFactory,
    FAQEntryFactory,
    FAQPageFactory,
    ImageFactory,
    SpotlightIndexPageFactory,
    SpotlightPageFactory,
    editorial_home,
)

__all__ += [
    "ArticleIndexPageFactory",
    "ArticlePageFactory",
    "AuthorFactory",
    "CoachFactory",
    "CoachesPageFactory",
    "FAQEntryFactory",
    "FAQPageFactory",
    "ImageFactory",
    "SpotlightIndexPageFactory",
    "SpotlightPageFactory",
    "editorial_home",
]

from .courses import (  # noqa: E402
    CohortFactory,
    CoursePageFactory,
    EnrollmentFactory,
    LessonPageFactory,
    WeekPageFactory,
    WeekReleaseFactory,
    WeekScheduleOverrideFactory,
    lesson_with_files,
    private_document,
)

__all__ += [
    "CohortFactory",
    "CoursePageFactory",
    "EnrollmentFactory",
    "LessonPageFactory",
    "WeekPageFactory",
    "WeekReleaseFactory",
    "WeekScheduleOverrideFactory",
    "lesson_with_files",
    "private_document",
]

from .payments import (  # noqa: E402
    CohortPriceFactory,
    DiscountCodeFactory,
    GroupPriceBandFactory,
    OpenCohortFactory,
    OrderFactory,
    TeamFactory,
    TeamInvitationFactory,
    on_sale_cohort,
    standard_bands,
    team_with_pool,
)

__all__ += [
    "CohortPriceFactory",
    "DiscountCodeFactory",
    "GroupPriceBandFactory",
    "OpenCohortFactory",
    "OrderFactory",
    "TeamFactory",
    "TeamInvitationFactory",
    "on_sale_cohort",
    "standard_bands",
    "team_with_pool",
]

from .workshops import TicketFactory, WorkshopFactory, workshop_index  # noqa: E402

__all__ += ["TicketFactory", "WorkshopFactory", "workshop_index"]
