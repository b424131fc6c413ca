"""Slack: a slack-bolt AsyncApp over the core, in HTTP or Socket Mode."""
