"""The imports feature: its page, table models and dialogs."""
