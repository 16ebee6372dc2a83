"""The words of the demo school's editorial pages: coaches, FAQ and spotlights (the articles
are in ``demo.editorial_articles``).

Written for this project in our own words. People and companies are invented.
Blocks use the StreamField JSON form: ``{"type": ..., "value": ...}``.
"""


def p(text: str) -> dict:
    return {"type": "paragraph", "value": f"<p>{text}</p>"}


def h(text: str) -> dict:
    return {"type": "heading", "value": text}


def quote(text: str, attribution: str = "") -> dict:
    return {"type": "quote", "value": {"quote": text, "attribution": attribution}}


def callout(title: str, text: str, tone: str = "tip") -> dict:
    return {"type": "callout", "value": {"tone": tone, "title": title, "text": f"<p>{text}</p>"}}


def code(language: str, text: str) -> dict:
    return {"type": "code", "value": {"language": language, "code": text}}


def qa(answer: str, suggested: str = "", custom: str = "") -> dict:
    return {
        "type": "qa",
        "value": {"suggested_question": suggested, "custom_question": custom, "answer": answer},
    }


# Placeholder photo colours for the coaches (their words live in the curriculum's roster,
# ``demo/content/curriculum.json``, the one list both demo steps seed from).
COACH_COLOURS = ["#2346c7", "#1f7a4d", "#9a5b00", "#7a2d8f"]

AUTHORS = [
    {
        "slug": "ines-valcarcel",
        "name": "Ines Valcárcel",
        "role": "Lead coach",
        "coach": "ines-valcarcel",
    },
    {
        "slug": "tobias-renwick",
        "name": "Tobias Renwick",
        "role": "Coach",
        "coach": "tobias-renwick",
    },
    {
        "slug": "adaeze-morrow",
        "name": "Adaeze Morrow",
        "role": "Coach",
        "coach": "adaeze-morrow",
    },
    {"slug": "institute-team", "name": "The Institute team", "role": "", "coach": None},
]

# The course's own FAQ (demo/content/curriculum.json) answers the rest; an entry here never
# asks what one there already asks (tests/demo/test_first_hour_truths.py).
FAQ = [
    (
        "Payments",
        "Can my employer pay?",
        "<p>Yes. You can pay with a company card, and the receipt names your company. Teams of "
        "five or more get group pricing and one person can manage the seats.</p>",
    ),
]

SPOTLIGHT_INDEX = {
    "slug": "spotlights",
    "title": "Student spotlights",
    "introduction": "Graduates of the course on what changed in their work, in their own words.",
}

SPOTLIGHTS = [
    {
        "slug": "noor-haddad",
        "title": "From the support queue to the roadmap",
        "graduate_name": "Noor Haddad",
        "job_title": "Product manager",
        "role": "product-manager",
        "company": "Parcelwise",
        "cohort_label": "March 2026 class",
        "introduction": "Noor led a support team for five years before she moved into product. "
        "She took the course to learn how to turn the complaints she knew by heart into "
        "decisions.",
        "colour": "#2346c7",
        "body": [
            qa(
                "<p>I ran customer support for a delivery software company. I knew every "
                "complaint by heart, but I had no way to turn that knowledge into what the "
                "engineers worked on next.</p>",
                suggested="before",
            ),
            qa(
                "<p>My manager offered me a product role on the condition that I learn the "
                "job properly. I wanted a structure and a group of people going through the "
                "same change, not a book on my nightstand.</p>",
                suggested="why",
            ),
            qa(
                "<p>The interviewing week. I assumed that years of support calls meant I "
                "already knew how to talk to customers. It turns out that listening to a "
                "problem someone brings you is very different from exploring one they have "
                "not told you about.</p>",
                suggested="favourite",
            ),
            qa(
                "<p>Our first roadmap written as outcomes instead of features. We cut it "
                "from fourteen items to five and the team finally knew why each one was "
                "there.</p>",
                custom="What did you change first when you got back to work?",
            ),
            qa(
                "<p>Bring a real problem from your job. The exercises are only as useful as "
                "the product you apply them to.</p>",
                suggested="advice",
            ),
        ],
    },
    {
        "slug": "diego-marin",
        "title": "A founder learns to stop guessing",
        "graduate_name": "Diego Marín",
        "job_title": "Co-founder and CEO",
        "role": "founder",
        "company": "Tiller Health",
        "cohort_label": "April 2026 class",
        "introduction": "Diego had raised a seed round and built two versions of his product "
        "before anyone used it weekly. The course gave him a routine for learning before "
        "building.",
        "colour": "#1f7a4d",
        "body": [
            qa(
                "<p>Running a small start-up that helps clinics schedule follow-up visits. "
                "Technically I was the product person, which mostly meant I had the final "
                "word in arguments.</p>",
                suggested="before",
            ),
            qa(
                "<p>How much of what I called strategy was really a list of features I liked. "
                "Writing the direction, the current state and one next target on a single "
                "page was uncomfortable, and useful.</p>",
                suggested="surprise",
            ),
            qa(
                "<p>We ran a concierge version of our reminder service for six clinics, by "
                "hand, for a month. We learned that the reminders were not the problem; "
                "rebooking was. That saved us a quarter of building the wrong thing.</p>",
                suggested="applied",
            ),
            qa(
                "<p>Founders, product managers from banks, a designer from a game studio. "
                "Hearing how a product owner in a large company handles the same questions "
                "made my own problems look smaller and more solvable.</p>",
                suggested="cohort",
            ),
        ],
    },
    {
        "slug": "priya-raman",
        "title": "Owning the backlog, then the outcome",
        "graduate_name": "Priya Raman",
        "job_title": "Senior product owner",
        "role": "product-owner",
        "company": "Harbourline Bank",
        "cohort_label": "March 2026 class",
        "introduction": "Priya's team delivered every sprint on time, and she still could not "
        "say whether customers were better off. She joined to close that gap.",
        "colour": "#9a5b00",
        "body": [
            qa(
                "<p>Writing user stories from requirements another team handed me. My "
                "backlog was tidy and my sprints were predictable, and I had never spoken to "
                "a customer of the mobile app we built.</p>",
                suggested="before",
            ),
            qa(
                "<p>I wanted to understand the half of product work that happened before the "
                "requirements reached me, so I could question them instead of just "
                "slicing them.</p>",
                suggested="why",
            ),
            qa(
                "<p>Our team now sits in on two customer calls a month, and every epic has "
                "the change we expect to see written at the top. Our product manager says "
                "our planning meetings got shorter, which I take as a compliment.</p>",
                suggested="applied",
            ),
            qa(
                "<p>Learning to run a proper discovery track alongside delivery, so the "
                "next quarter's backlog is based on evidence rather than the loudest "
                "stakeholder.</p>",
                suggested="next",
            ),
        ],
    },
]
