"""The VM beside the container: one VM per learner, and the side-by-side comparison."""
