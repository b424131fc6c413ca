"""The question bank: file format, loading, syncing to the database, selection."""
