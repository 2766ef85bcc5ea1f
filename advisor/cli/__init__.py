"""The command line: one module per command group, errors mapped to exit codes in app.main."""
