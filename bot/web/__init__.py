"""The team's web page: leaderboards, topic coverage, past rounds, the question bank and
each member's history, served read-only at a private per-workspace link.

tokens.py mints and checks the links; queries.py and pages.py read the data into page
models (neutral, no HTTP); svg.py draws the charts inline; app.py is the aiohttp app that
`drillbot serve web`, the Slack `web` process and local mode all mount.
"""
