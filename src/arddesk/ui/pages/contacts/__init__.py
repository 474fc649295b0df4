"""The contacts feature: its page, table models and dialogs."""
