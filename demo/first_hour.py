"""What a newcomer sees first in the demo: the home page's quote (the sections that sell the
course come from the curriculum, coaches, prices and spotlights the other steps seed)."""

from collections.abc import Callable

from cms.models import HomePage

Report = Callable[[str], None]

# Priya Raman's words, from her spotlight (demo/editorial_content.py).
HOME_QUOTE = (
    "My sprints were on time and I still could not say whether customers were better off. "
    "Ten weeks later my team measures what changed for them, not what we shipped."
)
HOME_QUOTE_BY = "Priya Raman, senior product owner, March 2026 class"


def seed_home_quote(report: Report) -> None:
    """Give the home page a graduate's quote, unless an editor already chose one."""
    home = HomePage.objects.first()
    if home is None or home.quote:
        report("kept the home page quote")
        return
    home.quote, home.quote_attribution = HOME_QUOTE, HOME_QUOTE_BY
    home.save_revision().publish()
    report("added a quote to the home page")
