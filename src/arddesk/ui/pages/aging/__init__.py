"""The aging feature: its page, table models and dialogs."""
