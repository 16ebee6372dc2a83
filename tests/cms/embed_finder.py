"""A local oEmbed finder for tests: the suite never calls YouTube.

It answers for ``https://video.test/...`` URLs the way Wagtail's oEmbed finder would, and
refuses everything else, as a provider refuses an unknown URL.
https://docs.wagtail.org/en/stable/advanced_topics/embeds.html#custom-embed-finder-classes
"""

from wagtail.embeds.finders.base import EmbedFinder

PREFIX = "https://video.test/"
SETTINGS = [{"class": "tests.cms.embed_finder.LocalVideoFinder"}]


class LocalVideoFinder(EmbedFinder):
    def __init__(self, **options):
        self.options = options

    def accept(self, url: str) -> bool:
        return url.startswith(PREFIX)

    def find_embed(self, url, max_width=None, max_height=None):
        video = url.removeprefix(PREFIX)
        return {
            "title": f"Video {video}",
            "author_name": "Institute",
            "provider_name": "Video Test",
            "type": "video",
            "thumbnail_url": None,
            "width": 640,
            "height": 360,
            "html": f'<iframe title="Video {video}" src="{PREFIX}embed/{video}"></iframe>',
        }
