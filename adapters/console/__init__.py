"""Local mode: the terminal is one channel, no tokens needed."""
