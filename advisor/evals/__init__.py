"""The offline eval suite: cases, scorers, the runner and its scorecard."""
