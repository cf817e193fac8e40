"""What a bench needs to drive the bot the way Slack does, shared by every such bench.

`serving` starts `python -m bot serve` (or the bare Bolt app of `bare_app`) against a local
Slack stand-in and stops it; `containers` checks the engine first and sweeps the demos a
bench's users left; `load` sends signed slash commands from a child process and times them.
"""
