"""The plan feature: its page, table models and dialogs."""
