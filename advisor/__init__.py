"""greenadvisor: energy and carbon advice for AI systems, grounded in a cited knowledge base."""

__version__ = "0.1.0"
