"""Models of the ``cms`` app, one module per concern, re-exported here."""

from .articles import ArticleAuthor, ArticleIndexPage, ArticlePage, ArticlePageTag, Author
from .pages import HomePage, StandardPage
from .rate_limits import RateLimitCounter
from .school import CoachesPage, FAQPage
from .snippets import Coach, FAQEntry
from .spotlights import SpotlightIndexPage, SpotlightPage, SpotlightRole
from .users import User

__all__ = [
    "ArticleAuthor",
    "ArticleIndexPage",
    "ArticlePage",
    "ArticlePageTag",
    "Author",
    "Coach",
    "CoachesPage",
    "FAQEntry",
    "FAQPage",
    "HomePage",
    "RateLimitCounter",
    "SpotlightIndexPage",
    "SpotlightPage",
    "SpotlightRole",
    "StandardPage",
    "User",
]
