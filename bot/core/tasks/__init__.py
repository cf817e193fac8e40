"""Tasks: "try it yourself" exercises checked against the learner's live demo."""
