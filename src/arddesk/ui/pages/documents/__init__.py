"""The documents feature: its page, table models and dialogs."""
