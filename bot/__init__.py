"""Drillbot's platform-neutral core.

This package must stay importable without third-party packages at the top level
(`python -m bot.dev` bootstraps a fresh machine before anything is installed), and it
never imports slack_bolt, slack_sdk or discord: adapters live in `adapters/`.
"""
