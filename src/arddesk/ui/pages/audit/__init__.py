"""The audit feature: its page, table models and dialogs."""
