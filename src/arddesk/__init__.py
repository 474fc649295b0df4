"""arddesk: accounts receivable and collections desk for small distributors."""

__version__ = "0.1.0"
