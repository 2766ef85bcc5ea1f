"""The engine: which techniques apply to each workload, what each saves, how they combine."""
