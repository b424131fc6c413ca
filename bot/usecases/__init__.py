"""Use-cases: what the product does, on the database, without any platform."""
