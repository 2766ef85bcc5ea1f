"""The LLM path: a model writes the recommendations, the engine's figures and rules bind it.

Imported only when a command needs a model: LangChain and the provider SDKs load here,
never on the offline path.
"""
