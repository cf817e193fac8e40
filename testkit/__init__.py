"""Test support shared by tests/ and bench/: fakes of the core ports, the Slack stand-in,
the question sets and their scorer. Nothing here is imported by the bot."""
