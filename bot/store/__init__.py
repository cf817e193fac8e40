"""Progress in a real database: SQLite by default, any SQLAlchemy URL for several replicas."""
