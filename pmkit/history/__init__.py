"""History read from git: one PM's assessments over time, and the team's recent window.

The pipeline runs one way: ``git log`` names the versions (:mod:`pmkit.git.log`), the
store or the blob gives each version's summary (:mod:`.summaries`), and the summaries
become entries (:mod:`.entries`) for one PM (:mod:`.person`) or the team (:mod:`.team_window`).
"""
