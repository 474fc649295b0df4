"""The incentives feature: its page, table models and dialogs."""
