"""The matrix feature: its page, table models and dialogs."""
