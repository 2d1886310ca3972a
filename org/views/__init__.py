"""Views of the org app, one module per page family."""
