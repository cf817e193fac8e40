"""Pictures drawn outside the core: SVG from the core's layout, PNG through cairo."""
