"""Bundled resources: the icon, the demo articles and the README screenshot."""
