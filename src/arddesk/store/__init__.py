"""Persistence: the only package that knows SQLAlchemy. Models, migrations, queries."""
