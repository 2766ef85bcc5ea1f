"""Accuracy risk of a technique, judged against this workload's margin above its floor.

The knowledge base gives each technique a base risk and a range of relative quality loss
from the literature. Any technique that may lower accuracy (a loss range above 0) is shown
at least at the policy's floor (medium: DESIGN's hard rule) with a warning to validate it.
The margin is (current − minimum) / current. A technique whose best case already eats the
margin is ruled out; one whose worst case could, or any risky one when the margin is small,
carries the stronger warning (keep the current model as fallback).
"""

from __future__ import annotations

from dataclasses import dataclass

from advisor.architecture import Workload
from advisor.i18n import num, pct
from advisor.kb import Level, Policy, Technique

ORDER: tuple[Level, ...] = ("none", "low", "medium", "high")


def at_least(risk: Level, floor: Level) -> Level:
    return risk if ORDER.index(risk) >= ORDER.index(floor) else floor


@dataclass
class AccuracyJudgement:
    risk: Level
    warning: str | None = None
    excluded: str | None = None


def judge(technique: Technique, workload: Workload, policy: Policy, lang: str) -> AccuracyJudgement:
    base = technique.accuracy.risk
    if base == "none":
        return AccuracyJudgement("none")
    loss = technique.accuracy.loss_pct
    if loss.high > 0:  # it may lower accuracy: never shown below the policy's floor (DESIGN's hard rule)
        base = at_least(base, policy.accuracy_lowering_min_risk)
    q = workload.quality
    fr = lang == "fr"
    if q is None:
        if ORDER.index(base) >= ORDER.index("medium"):
            text = (
                f"Peut dégrader la qualité (jusqu'à {pct(loss.high, lang)} relatif) ; aucun seuil de précision n'est donné : "
                "validez sur votre jeu d'évaluation avant la mise en production."
                if fr
                else f"May lower quality (up to {pct(loss.high, lang)} relative); no accuracy floor is given: "
                "validate on your evaluation set before rollout."
            )
            return AccuracyJudgement(base, text)
        return AccuracyJudgement(base)
    margin = q.margin_pct
    floor_text = f"{q.metric} {num(q.current, lang)} → {'seuil' if fr else 'floor'} {num(q.minimum, lang)}"
    up_to, best, room = pct(loss.high, lang), pct(loss.low, lang), pct(margin, lang)
    if margin <= 0:
        reason = (
            f"la qualité est déjà au seuil ({floor_text})" if fr else f"quality is already at its floor ({floor_text})"
        )
        return AccuracyJudgement(base, excluded=reason)
    if loss.low > margin:
        reason = (
            f"même dans le meilleur cas (−{best}) la marge de {room} ({floor_text}) serait dépassée"
            if fr
            else f"even its best case (−{best}) exceeds the {room} margin ({floor_text})"
        )
        return AccuracyJudgement(base, excluded=reason)
    risky = margin < policy.small_accuracy_margin_pct or loss.high >= margin
    if not risky and ORDER.index(base) < ORDER.index("medium"):
        return AccuracyJudgement(base)
    risk = at_least(base, "medium") if risky else base
    if fr:
        text = (
            f"Peut réduire {q.metric} jusqu'à {up_to} (relatif) alors que la marge n'est que de {room} "
            f"({floor_text}) : validez sur votre jeu d'évaluation avant la mise en production et gardez le modèle actuel en repli."
            if risky
            else f"Peut réduire {q.metric} jusqu'à {up_to} (relatif) ; marge de {room} ({floor_text}) : "
            "validez sur votre jeu d'évaluation."
        )
    else:
        text = (
            f"May lower {q.metric} by up to {up_to} (relative) while the margin is only {room} "
            f"({floor_text}): validate on your evaluation set before rollout and keep the current model as fallback."
            if risky
            else f"May lower {q.metric} by up to {up_to} (relative); margin {room} ({floor_text}): "
            "validate on your evaluation set."
        )
    return AccuracyJudgement(risk, text)
