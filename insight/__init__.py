"""Insight: what students tell the school (lesson feedback, later surveys and the dashboard).

Stands on ``courses`` (and may use ``payments``, ``community``, ``engine``, ``cms``); nothing but
``demo`` imports it.
"""
