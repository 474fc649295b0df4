"""The deliveries feature: its page, table models and dialogs."""
