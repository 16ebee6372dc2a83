"""The demo articles, in our own words (see ``demo.editorial_content``)."""

from demo.editorial_content import callout, code, h, p, quote

ARTICLE_INDEX = {
    "slug": "articles",
    "title": "Articles",
    "introduction": "Notes from our coaches on the craft of product management: roles, "
    "habits, experiments and the numbers worth watching.",
}

ARTICLES = [
    {
        "slug": "product-manager-or-product-owner",
        "title": "Product manager or product owner: one job or two?",
        "introduction": "The two titles are used interchangeably in some companies and for "
        "very different jobs in others. Here is how we tell them apart, and why it matters "
        "less than who owns the problem.",
        "authors": ["ines-valcarcel"],
        "tags": ["roles", "scrum", "careers"],
        "days_ago": 40,
        "colour": "#2346c7",
        "body": [
            p(
                "Ask ten companies what a product owner does and you will get at least three "
                "answers. In one, the product owner is simply the product manager under a "
                "Scrum label. In another, the product manager talks to customers and the "
                "product owner turns that into a backlog. In a third, nobody is sure, and the "
                "engineers fill the gap."
            ),
            h("Where the two titles come from"),
            p(
                "Product management as a job is old: companies organised around products long "
                "before software ate the world. The product owner is younger. It is a role "
                "defined inside Scrum, the person accountable for the value the team's work "
                "delivers and for the order of the backlog. Scrum describes a role, not a job "
                "title or a career path, and that is where most of the confusion starts."
            ),
            h("Two shapes we see in practice"),
            p(
                "In smaller companies one person does both: they decide which problems are "
                "worth solving, talk to the people who have them, and work with the team day "
                "to day on what to build next. In larger organisations, especially those that "
                "scaled agile with a framework, the work is split. A product manager looks "
                "outward at the market, the strategy and the roadmap; several product owners "
                "look inward at teams, stories and acceptance."
            ),
            quote(
                "A split is healthy when both people can explain why the current work matters "
                "to a customer. It is unhealthy when one of them only knows what the other "
                "said.",
                "Ines Valcárcel",
            ),
            h("What actually matters"),
            p(
                "The title matters less than three questions. Who decides which problem the "
                "team works on? Who talks to the people who have that problem, and how often? "
                "Who can say no to a request, and does the team hear the reasons? If the "
                "answers point at a chain of hand-offs, the team is building to a "
                "specification, whatever the titles say."
            ),
            callout(
                "Try this with your team",
                "Draw the path one customer insight takes from a conversation to a shipped "
                "change. Count the hand-offs. Every hand-off is a place where the reason for "
                "the work can get lost.",
            ),
            p(
                "In the course we teach the whole job, from strategy to the backlog, because "
                "whichever title you hold you will need to understand both halves to do "
                "either one well."
            ),
        ],
    },
    {
        "slug": "the-product-kata",
        "title": "The Product Kata: a daily habit for learning what works",
        "introduction": "A kata is a small routine practised until it becomes a reflex. "
        "Applied to product work, it turns 'we think' into 'we learned' a little every day.",
        "authors": ["tobias-renwick"],
        "tags": ["kata", "discovery", "coaching"],
        "days_ago": 28,
        "colour": "#1f7a4d",
        "body": [
            p(
                "Most teams say they are experimenting. Fewer can tell you what they expected "
                "to happen before they shipped, and what they will do differently now. The "
                "Product Kata is a lightweight routine that makes that explicit."
            ),
            h("Four steps, repeated"),
            p(
                "First, understand the direction: the goal the business is steering toward. "
                "Second, grasp the current condition: where you honestly are today, in numbers "
                "and in customer behaviour. Third, set the next target condition: a small, "
                "concrete improvement you believe you can reach in a few weeks. Fourth, "
                "experiment toward it, one step at a time, and write down what each step "
                "taught you."
            ),
            h("The coaching questions"),
            p(
                "The kata comes with short questions a coach, or a colleague, asks every day: "
                "What is the target? Where are we now? What obstacles stand in the way, and "
                "which one are we working on? What is the next step and what do we expect? "
                "When can we see what we learned from it?"
            ),
            quote(
                "The value is not in any single answer. It is in answering the same questions "
                "so often that guessing starts to feel uncomfortable.",
                "Tobias Renwick",
            ),
            callout(
                "A five-minute start",
                "Tomorrow, before stand-up, write your team's next target condition on one "
                "line and the experiment you are running toward it on another. Read both out. "
                "Repeat for a week and notice which items you stop doing.",
            ),
            p(
                "Week four of the course is built around this routine: each student runs a "
                "kata on their own product and brings the log to the class discussion."
            ),
        ],
    },
    {
        "slug": "choosing-an-mvp-style",
        "title": "Choosing an MVP style that fits your question",
        "introduction": "A minimum viable product is not a smaller version of the product. It "
        "is the cheapest thing that answers your riskiest question. Different questions need "
        "different shapes.",
        "authors": ["tobias-renwick", "ines-valcarcel"],
        "tags": ["mvp", "discovery", "experiments"],
        "days_ago": 18,
        "colour": "#7a2fb5",
        "body": [
            p(
                "Teams often reach for the same kind of MVP every time, usually a stripped "
                "down build. That is expensive when the real uncertainty is whether anybody "
                "wants the thing at all. Start from the question instead."
            ),
            h("Will anyone want it?"),
            p(
                "Test demand before you test the solution. A landing page that describes the "
                "offer and asks for a sign-up, or a short explainer video, can tell you whether "
                "the promise resonates. Measure the action people take, not the compliments "
                "they pay you."
            ),
            h("Can we deliver the value at all?"),
            p(
                "A concierge MVP delivers the outcome by hand to a handful of customers who "
                "know a person is doing the work. You learn what the job really involves "
                "before you automate any of it."
            ),
            h("Will they use it the way we imagine?"),
            p(
                "A Wizard of Oz MVP looks automated to the customer while people work behind "
                "the curtain. It tests behaviour in something close to the real experience, "
                "without building the machinery."
            ),
            callout(
                "Write the question first",
                "Before choosing the style, finish this sentence: 'We will know we are wrong "
                "if...'. If you cannot finish it, you are not ready to build anything yet.",
                tone="info",
            ),
            p(
                "Whatever the style, decide in advance what result would make you stop, and "
                "agree on it with whoever funds the work. An experiment nobody is willing to "
                "lose is a launch in disguise."
            ),
        ],
    },
    {
        "slug": "outcomes-over-output",
        "title": "Outcomes over output: how to tell if a roadmap is working",
        "introduction": "Shipping on time feels like progress. It is only progress if "
        "something changed for the customer or the business. A few habits keep a roadmap "
        "honest.",
        "authors": ["ines-valcarcel"],
        "tags": ["outcomes", "roadmaps", "metrics"],
        "days_ago": 9,
        "colour": "#b3261e",
        "body": [
            p(
                "Output is what the team produces: features, releases, tickets closed. "
                "Outcome is the change in behaviour that output was meant to cause: more "
                "customers completing onboarding, fewer support calls about invoices, a "
                "shorter time to first value. Output is easy to count, which is exactly why "
                "roadmaps drift toward it."
            ),
            h("Name the change, not the feature"),
            p(
                "Rewrite each roadmap item as a change you expect to see, with the feature as "
                "the current best bet to cause it. 'Bulk invoice export' becomes 'finance "
                "teams close their month without calling support', with export as the first "
                "idea to try."
            ),
            h("Give every bet a review date"),
            p(
                "When the work ships, the item is not done. Put a date in the calendar a few "
                "weeks later to look at the outcome. If nothing moved, that is information: "
                "the next bet should be different, not bigger."
            ),
            quote(
                "A roadmap full of features tells you what the team will be busy with. A "
                "roadmap full of outcomes tells you what the company will be better at.",
            ),
            callout(
                "Roadmap health check",
                "Pick the last five items your team shipped. For each, can you say what was "
                "supposed to change and whether it did? Three or more blanks means the roadmap "
                "is measuring effort.",
                tone="warning",
            ),
        ],
    },
    {
        "slug": "metrics-that-matter",
        "title": "Metrics that matter: picking the few numbers you will actually watch",
        "introduction": "Dashboards grow until nobody reads them. A product team needs a "
        "handful of numbers tied to decisions, and the discipline to look at them weekly.",
        "authors": ["adaeze-morrow"],
        "tags": ["metrics", "outcomes", "analytics"],
        "days_ago": 3,
        "colour": "#0f6b7a",
        "body": [
            p(
                "A useful product metric passes a simple test: if it moved sharply tomorrow, "
                "you would do something different. Numbers that fail the test may be "
                "interesting, but they belong in a report, not on the wall."
            ),
            h("One number for value, a few for the path to it"),
            p(
                "Choose one measure of the value customers get, such as weekly active teams "
                "who complete their core task. Then pick the two or three steps that lead to "
                "it, such as sign-up to first project, first project to first invite. Watch "
                "the steps to know where to work; watch the value to know whether it "
                "worked."
            ),
            h("Define it so two people get the same answer"),
            p(
                "Write the definition down, down to the query. Ambiguity is how a metric "
                "quietly changes meaning between quarters. Here is the kind of query we ask "
                "students to write for their first funnel step:"
            ),
            code(
                "sql",
                "-- Share of new accounts that create a project within 7 days of signing up\n"
                "select\n"
                "  date_trunc('week', a.created_at) as signup_week,\n"
                "  count(*) as signups,\n"
                "  count(p.id) filter (\n"
                "    where p.created_at < a.created_at + interval '7 days'\n"
                "  ) as activated\n"
                "from accounts a\n"
                "left join lateral (\n"
                "  select id, created_at from projects\n"
                "  where projects.account_id = a.id\n"
                "  order by created_at limit 1\n"
                ") p on true\n"
                "group by 1\n"
                "order by 1;",
            ),
            callout(
                "Beware the average",
                "A rising average can hide a shrinking group of heavy users carrying everyone "
                "else. Look at the distribution at least once a month.",
                tone="warning",
            ),
            p(
                "Week six of the course is about measurement: you leave it with one honest "
                "value metric for your product and the query that computes it."
            ),
        ],
    },
]
