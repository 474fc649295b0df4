"""The customers feature: its page, table models and dialogs."""
