"""Pictures of a live demo: the PID namespaces and the container-vs-VM stacks, as data.

The core builds each picture's layout from the live numbers and words it in the learner's
language; a `Painter` adapter outside the core turns it into an image.
"""
