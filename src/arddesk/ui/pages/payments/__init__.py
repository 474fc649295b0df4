"""The payments feature: its page, table models and dialogs."""
