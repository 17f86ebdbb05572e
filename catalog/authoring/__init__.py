"""Authoring tools: `catalog new` and the JSON Schemas editors read."""
