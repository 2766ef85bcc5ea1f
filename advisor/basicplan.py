"""The basic level's plan: the actions its table shows, combined, and whether they reach the objective.

The basic level shows a few simple, safe rows (advisor/engine/levels.py). Its plan must combine
those rows and no others: a figure built on actions the reader cannot see is a figure they cannot
act on. When the rows shown fall short of the objective, the message says so and what the full
ranking (`--level pro`) would give, rather than the pro plan's "every applicable action" words.
"""

from __future__ import annotations

from advisor.engine.advise import Advice, Candidate, Plan, make_plan
from advisor.i18n import pct
from advisor.kb import KnowledgeBase, Text


def of_rows(arch, advice: Advice, shown: list[Candidate], kb: KnowledgeBase) -> Plan:
    return make_plan(arch, advice.footprint, shown, kb)


def message(plan: Plan, whole: Plan, lang: str, usual: str) -> str:
    """`usual` is the plan's message as the pro level words it; basic adds what it counts, or
    replaces it when the rows shown fall short and the pro words would overstate them."""
    n = len(plan.actions)
    if plan.status == "out-of-reach":
        e, c = plan.energy_reduction_pct, plan.emissions_reduction_pct
        goal = pct(plan.objective_pct, lang)
        shown = Text(
            en=("The action shown does not reach" if n == 1 else f"The {n} actions shown do not reach")
            + f" the −{goal} energy objective: −{pct(e.value, lang)} energy ({pct(e.low, lang)}–{pct(e.high, lang)}), "
            f"−{pct(c.value, lang)} emissions.",
            fr=("L'action affichée n'atteint pas" if n == 1 else f"Les {n} actions affichées n'atteignent pas")
            + f" l'objectif de −{goal} d'énergie : −{pct(e.value, lang)} d'énergie ({pct(e.low, lang)}–{pct(e.high, lang)}), "
            f"−{pct(c.value, lang)} d'émissions.",
        )
        return f"{shown(lang)} {_beyond(whole, lang)}"
    if plan.status == "nothing-to-do" and whole.status != "nothing-to-do":
        none = Text(en="The actions shown have no direct saving to combine.",
                    fr="Les actions affichées n'ont pas d'économie directe à combiner.")
        return f"{none(lang)} {_beyond(whole, lang)}"
    counted = Text(en="Only the actions shown are counted (--level pro lists every applicable action).",
                   fr="Seules les actions affichées sont comptées (--level pro liste toutes les actions applicables).")
    return f"{usual} {counted(lang)}"


def _beyond(whole: Plan, lang: str) -> str:
    """What the full ranking would give: reached safely, reached with risk, or out of reach."""
    if whole.status == "reached":
        words = Text(en="With every applicable action (--level pro), the objective is reached without putting accuracy at risk.",
                     fr="Avec toutes les actions applicables (--level pro), l'objectif est atteint sans risque pour la précision.")
    elif whole.status == "reached-with-risk":
        words = Text(en="With every applicable action (--level pro), it is reachable only with actions that put accuracy at risk.",
                     fr="Avec toutes les actions applicables (--level pro), il n'est atteignable qu'avec des actions "
                     "qui risquent la précision.")
    else:
        total = pct(whole.energy_reduction_pct.value, lang)
        words = Text(en=f"Every applicable action together (--level pro) gives −{total}.",
                     fr=f"Toutes les actions applicables ensemble (--level pro) donnent −{total}.")
    return words(lang)
