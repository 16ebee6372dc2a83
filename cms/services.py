"""Writes of the editorial side that are more than saving a page in the admin."""

from django.db import transaction

from wagtail.models import Workflow, WorkflowPage

from cms.models import SpotlightIndexPage

#: Created by migration cms 0005, with a "Moderators approve spotlights" task.
SPOTLIGHT_WORKFLOW_NAME = "Spotlight approval"


@transaction.atomic
def spotlight_index_require_approval(*, index: SpotlightIndexPage) -> bool:
    """Assign the spotlight approval workflow to a spotlight index and so to its spotlights.

    Wagtail assigns workflows to a page and everything below it
    (https://docs.wagtail.org/en/stable/extending/customizing_workflows.html). A workflow an
    editor already chose for this index is kept. Returns whether it assigned one.
    """
    workflow = Workflow.objects.filter(name=SPOTLIGHT_WORKFLOW_NAME, active=True).first()
    if workflow is None:
        return False
    _, created = WorkflowPage.objects.get_or_create(page=index, defaults={"workflow": workflow})
    return created
