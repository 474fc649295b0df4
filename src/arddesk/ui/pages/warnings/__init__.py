"""The warnings feature: its page, table models and dialogs."""
