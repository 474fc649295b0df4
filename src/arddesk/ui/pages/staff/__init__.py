"""The staff feature: its page, table models and dialogs."""
