"""The letters feature: its page, table models and dialogs."""
