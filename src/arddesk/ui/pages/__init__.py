"""The pages of the main window, one folder per feature (page, models, dialogs)."""
