"""The dashboard feature: its page, table models and dialogs."""
