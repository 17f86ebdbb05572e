"""Read stage: the file gate, YAML loading within limits, the schema, validation and the check
cache."""
