"""`sh COMMAND`: the learner's own command, run inside their own demo container."""
