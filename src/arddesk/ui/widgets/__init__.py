"""Shared widgets: the table model base, the page frame, form helpers."""
