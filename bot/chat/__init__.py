"""The seam between the core and the chat adapters."""
