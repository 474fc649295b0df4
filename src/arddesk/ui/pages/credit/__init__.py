"""The credit feature: its page, table models and dialogs."""
