"""Which actions the basic level shows: a few simple, safe ones, like the seed's basic prompt.

The seed asks the basic level for "three simple ways". The full ranking weighs saving by risk
and difficulty, so a medium-difficulty, medium-risk action with a large saving can outrank a
low-difficulty, risk-free one; for a basic reader that is the wrong trade. So the basic level
takes the ranking in tiers (knowledge/policy.yaml, basic_level): first the actions of the
preferred difficulties and risks, then other safe ones short of high difficulty, then anything
short of high difficulty, then the rest; ranking order inside each tier. Pro shows everything.
"""

from __future__ import annotations

from advisor.engine.advise import Advice, Candidate
from advisor.kb import Policy


def select(advice: Advice, level: str, policy: Policy) -> list[Candidate]:
    if level == "pro":
        return advice.candidates
    basic = policy.basic_level

    def tier(c: Candidate) -> int:
        simple, safe = c.technique.difficulty in basic.difficulty, c.accuracy.risk in basic.risks
        if simple and safe:
            return 0
        if c.technique.difficulty != "high":
            return 1 if c.accuracy.risk in policy.safe_risks else 2
        return 3

    ranked = sorted(enumerate(advice.candidates), key=lambda ic: (tier(ic[1]), ic[0]))
    return [c for _, c in ranked][: policy.basic_level_actions]
