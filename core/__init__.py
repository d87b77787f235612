"""What every app of the project may use, and which imports no app of the project: text validators, upload
checks, reading and writing tables, month arithmetic, request parameters. The import contracts in
pyproject.toml ([tool.importlinter]) keep it that way."""
