"""The Qt desktop program: windows, views, table models, dialogs, background tasks."""
