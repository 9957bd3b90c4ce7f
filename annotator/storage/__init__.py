"""SQLAlchemy storage: models, engine, migrations and repositories returning core values."""
