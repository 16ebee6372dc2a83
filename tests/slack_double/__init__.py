"""A local stand-in for the part of Slack's Web API the Slack room uses (``README.md``)."""
