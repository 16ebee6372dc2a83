"""Student spotlights: the interview page and the index filtered by class and role."""

import pytest

from django.core.exceptions import ValidationError

from cms.blocks import QuestionAnswerBlock
from cms.models import SpotlightRole
from cms.selectors import spotlight_index_listing
from tests.factories import ImageFactory, SpotlightPageFactory
from tests.factories.editorial import qa_block

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


@pytest.fixture
def no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


def names(listing) -> list[str]:
    return sorted(spotlight.graduate_name for spotlight in listing.page_obj)


def test_spotlight_shows_the_graduate_and_the_questions_in_order(client, spotlight_index):
    spotlight = SpotlightPageFactory(
        parent=spotlight_index,
        graduate_name="Noor Haddad",
        job_title="Senior product manager",
        company="Parcelwise",
        cohort_label="March 2026 class",
        body=[
            qa_block(suggested="before", answer="I ran the support team."),
            qa_block(custom="What did your manager notice?", answer="Shorter roadmaps."),
            qa_block(suggested="advice", answer="Bring a real problem."),
        ],
    )

    html = client.get(spotlight.url).content.decode()

    assert "Noor Haddad</strong>, Senior product manager at Parcelwise" in html
    assert "March 2026 class" in html
    questions = [
        "What were you doing before you joined the class?",
        "What did your manager notice?",
        "What would you tell someone thinking of joining?",
    ]
    positions = [html.index(question) for question in questions]
    assert positions == sorted(positions)
    assert "I ran the support team." in html
    assert 'alt="Noor Haddad"' in html


def test_a_custom_question_replaces_the_suggested_one():
    block = QuestionAnswerBlock()
    value = block.to_python(
        {"suggested_question": "why", "custom_question": "Why now?", "answer": "<p>a</p>"}
    )

    assert value.question() == "Why now?"


def test_a_question_is_required():
    block = QuestionAnswerBlock()
    value = block.to_python({"suggested_question": "", "custom_question": "", "answer": "<p>a</p>"})

    with pytest.raises(ValidationError):
        block.clean(value)


def test_without_a_certificate_there_is_no_verified_label(client, spotlight_index):
    spotlight = SpotlightPageFactory(parent=spotlight_index)

    assert "Verified certificate" not in client.get(spotlight.url).content.decode()


def test_index_filters_by_class_and_role_and_offers_the_choices_in_use(client, spotlight_index):
    SpotlightPageFactory(
        parent=spotlight_index,
        graduate_name="Ana",
        cohort_label="March 2026 class",
        role=SpotlightRole.PRODUCT_OWNER,
    )
    SpotlightPageFactory(
        parent=spotlight_index,
        graduate_name="Ben",
        cohort_label="April 2026 class",
        role=SpotlightRole.PRODUCT_OWNER,
    )
    SpotlightPageFactory(
        parent=spotlight_index,
        graduate_name="Cy",
        cohort_label="March 2026 class",
        role=SpotlightRole.FOUNDER,
    )
    SpotlightPageFactory(parent=spotlight_index, graduate_name="Draft", publish=False)

    everyone = spotlight_index_listing(index=spotlight_index)
    march = spotlight_index_listing(index=spotlight_index, cohort_label="March 2026 class")
    march_owners = spotlight_index_listing(
        index=spotlight_index, cohort_label="March 2026 class", role="product-owner"
    )

    assert names(everyone) == ["Ana", "Ben", "Cy"]
    assert names(march) == ["Ana", "Cy"]
    assert names(march_owners) == ["Ana"]
    assert everyone.cohort_labels == ["April 2026 class", "March 2026 class"]
    assert everyone.roles == [("product-owner", "Product owner"), ("founder", "Founder")]
    html = client.get(spotlight_index.url, {"class": "April 2026 class"}).content.decode()
    assert '<option value="April 2026 class" selected>' in html
    assert "Ben" in html and "Ana" not in html


@pytest.mark.parametrize("spotlights", [5, 50])
def test_index_renders_in_a_bounded_number_of_queries(
    client, spotlight_index, spotlights, django_assert_max_num_queries
):
    for number in range(spotlights):
        SpotlightPageFactory(
            parent=spotlight_index, photo=ImageFactory(), cohort_label=f"C{number}"
        )
    client.get(spotlight_index.url)  # the first visit makes the photo renditions, once

    with django_assert_max_num_queries(16):
        response = client.get(spotlight_index.url)
    assert response.status_code == 200
