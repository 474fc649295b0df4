"""User actions: one function per action, one transaction each. The GUI and the CLI call these."""
