"""Lesson search (app label ``lesson_search``): a student searches the text and transcripts of
the lessons released to them; a transcript hit opens the lesson with the video at its moment.

Public surface: ``lesson_search`` / ``search_scope`` (reads, through the access policy),
``lesson_passages_rebuild`` / ``lesson_search_sync`` (writes, kept current on publish).
"""
