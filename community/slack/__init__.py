"""Slack: a channel per class, its members kept in step with enrollments (docs/architecture.md)."""
