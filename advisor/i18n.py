"""Words and numbers as an English or a French reader writes them: number formatting, `pick`
(one lookup for every sentence table) and the engine's reasons worded in the reader's language.
The sentence tables themselves live beside their users (render/text.py, chat/words.py, llm/words.py)."""

from __future__ import annotations

import math
import re


def num(x: float, lang: str = "en") -> str:
    """Three significant figures, thousands grouped, in the reader's convention."""
    if x == 0:
        return "0"
    if not math.isfinite(x):
        return str(x)
    magnitude = abs(x)
    if magnitude >= 100:
        s = f"{x:,.0f}"
    elif magnitude >= 10:
        s = f"{x:,.1f}".removesuffix(".0")
    else:
        digits = max(2, 2 - int(math.floor(math.log10(magnitude))))
        s = f"{x:.{min(digits, 8)}f}".rstrip("0").rstrip(".")
    if lang == "fr":
        s = s.replace(",", "\u202f").replace(".", ",")
    return s


def pct(x: float, lang: str = "en") -> str:
    s = f"{x:,.0f}" if abs(x) >= 10 else f"{x:.1f}".rstrip("0").rstrip(".")
    if lang == "fr":
        s = s.replace(",", "\u202f").replace(".", ",")
    return f"{s}\u00a0%" if lang == "fr" else f"{s} %"


def figure(fig, lang: str, separator: str = " ") -> str:
    """A figure's central value, then its range when it has one; '–' when there is none."""
    if fig is None:
        return "–"
    if fig.low == fig.high:
        return num(fig.value, lang)
    return f"{num(fig.value, lang)}{separator}{num(fig.low, lang)}–{num(fig.high, lang)}"


def pick(table: dict[str, dict[str, str]], key: str, lang: str, **values) -> str:
    """`key`'s text in `lang` (English for a language without a table), placeholders filled.

    One lookup for every sentence table (the report's labels, the chat's), so each command
    speaks the language it was asked for the same way and a missing key fails loudly.
    """
    text = table.get(lang, table["en"])[key]
    return text.format(**values) if values else text


# The engine's reasons for ruling a technique out, as (English, French) templates: the English
# one is what advisor/engine/applicability.py, latency.py, savings.py, advise.py and
# advisor/grid/window.py write (a placeholder stands for a value), the French one words the
# same values. Reading the English back into a key and its values, then wording it again, keeps
# the engine's modules as they are (they are edited elsewhere); tests/test_reasons_fr.py runs
# the engine over every example and eval case in French, so a reason added or reworded
# there without its line here fails a test instead of reaching a French reader in English.
# A placeholder named `why` holds a reason of its own (advisor/grid/window.py's), worded too.
REASONS = [
    ("already in place (practices)", "déjà en place (pratiques)"),
    ("moot: {ids} already in place", "sans objet : {ids} déjà en place"),
    ("does not apply to {kind} workloads", "ne s'applique pas aux charges {kind}"),
    ("does not apply on {provider}", "ne s'applique pas sur {provider}"),
    ("needs an accelerator of the workload's own (llm-api runs on the provider's)",
     "demande un accélérateur propre à la charge (llm-api tourne sur ceux du fournisseur)"),
    ("needs an accelerator of the workload's own", "demande un accélérateur propre à la charge"),
    ("needs a specific accelerator", "demande un accélérateur particulier"),
    ("not for {accelerator}", "pas pour {accelerator}"),
    ("{accelerator} has no {features} support", "{accelerator} ne prend pas en charge {features}"),
    ("the model already runs in {precision}", "le modèle tourne déjà en {precision}"),
    ("{provider} is not among the allowed clouds", "{provider} ne fait pas partie des clouds autorisés"),
    ("the work is not deferrable (no temporal or spatial shifting of real-time work)",
     "le travail n'est pas différable (aucun déplacement dans le temps ou l'espace d'un travail en temps réel)"),
    ("model too small ({params} B < {minimum} B) for this to save energy",
     "modèle trop petit ({params} B < {minimum} B) pour économiser de l'énergie"),
    ("model too large ({params} B > {maximum} B)", "modèle trop grand ({params} B > {maximum} B)"),
    ("utilization {value} below {minimum}", "utilisation {value} sous {minimum}"),
    ("utilization {value} already above {maximum}", "utilisation {value} déjà au-dessus de {maximum}"),
    ("needs at least {count} accelerators", "demande au moins {count} accélérateurs"),
    ("the workload does not generate tokens", "la charge ne génère pas de tokens"),
    ("needs traffic.requests_per_month", "demande traffic.requests_per_month"),
    ("prompts shorter than {tokens} tokens (or not given)", "invites de moins de {tokens} tokens (ou non renseignées)"),
    ("answers shorter than {tokens} tokens (or not given)", "réponses de moins de {tokens} tokens (ou non renseignées)"),
    ("PUE {value} already below {minimum}", "PUE {value} déjà sous {minimum}"),
    ("latency budget {p95} ms (p95) below the {floor} ms it needs (it makes requests slower)",
     "budget de latence de {p95} ms (p95) sous les {floor} ms nécessaires (l'action ralentit les requêtes)"),
    ("no worthwhile saving for this workload", "aucune économie notable pour cette charge"),
    ("no time shift: {why}", "aucun décalage dans le temps : {why}"),
    ("the grid profile is flat for this job, its best {run} h ({shifted} g; cleanest slot {slot}) are {saving} % "
     "below the {baseline} g mean, under the {threshold} % a shift must save (policy)",
     "le profil du réseau est plat pour ce travail : ses {run} h les plus propres ({shifted} g ; créneau le plus propre "
     "{slot}) sont {saving} % sous la moyenne de {baseline} g, en deçà des {threshold} % qu'un décalage doit faire "
     "gagner (politique)"),
    ("the job runs around the clock ({run} h a day): there is no cleaner hour to move it to",
     "le travail tourne en continu ({run} h par jour) : aucune heure plus propre où le déplacer"),
    ("its window ({window} h) leaves no room to move a {run} h run",
     "sa fenêtre ({window} h) ne laisse pas de place pour déplacer un travail de {run} h"),
    ("the grid profile has no complete {run} h block to compare", "le profil du réseau n'a aucun bloc complet de {run} h à comparer"),
    ("does not apply to {kind} workloads on CPU-only hardware", "ne s'applique pas aux charges {kind} sur CPU seul"),
    ("does not apply to {family} models ({model})", "ne s'applique pas aux modèles {family} ({model})"),
    ("the endpoint serves no requests: scale it down (autoscaling, gpu-right-sizing) before changing its hardware",
     "le point de service ne reçoit aucune requête : le réduire d'abord (mise à l'échelle automatique, "
     "redimensionnement des GPU) avant de changer son matériel"),
    ("no accelerator it may move to on {provider} holds the model, would be kept at least {busy} % busy and is more efficient",
     "aucun accélérateur vers lequel la déplacer sur {provider} ne tient le modèle, ne resterait occupé au moins "
     "{busy} % du temps et n'est plus efficace"),
    ("{provider} offers no such feature to its API callers", "{provider} n'offre pas cette fonction à ses clients d'API"),
    ("no cloud is allowed to move to (constraints.clouds)", "aucun cloud autorisé vers lequel déplacer (constraints.clouds)"),
    ("no accelerator can be released: the model needs {need} GB, so one copy of it takes {devices} {accelerator} "
     "(a tensor-parallel group) and there are {count}",
     "aucun accélérateur ne peut être libéré : le modèle demande {need} Go, une copie occupe donc {devices} {accelerator} "
     "(un groupe de parallélisme tensoriel) et il y en a {count}"),
    ("the model needs {need} GB, more than {share} % of one {accelerator} ({memory} GB): no room to share the device "
     "with another model",
     "le modèle demande {need} Go, plus de {share} % d'un {accelerator} ({memory} Go) : pas de place pour partager "
     "l'unité avec un autre modèle"),
    ("the workload scores rather than generates (traffic.output_tokens: {tokens})",
     "la charge évalue plutôt qu'elle ne génère (traffic.output_tokens : {tokens})"),
]
_NUMBER = re.compile(r"-?\d+\.\d+")


def _pattern(template: str) -> re.Pattern:
    parts = re.split(r"\{(\w+)\}", template)  # literal, name, literal, name, …
    return re.compile("".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts)))


_READ = [(_pattern(en), fr) for en, fr in REASONS]


def reason_fr(text: str) -> str | None:
    """The French wording of one of the engine's reasons, or None when the table has no line for it."""
    for pattern, fr in _READ:
        found = pattern.fullmatch(text)
        if found is None:
            continue
        values = {}
        for name, value in found.groupdict().items():
            value = reason_fr(value) if name == "why" else _NUMBER.sub(lambda m: m.group().replace(".", ","), value)
            if value is None:
                return None
            values[name] = value
        return fr.format(**values)
    return None


def reason(text: str, lang: str) -> str:
    """An engine's reason for ruling a technique out, in the reader's language: the one door every
    reason goes through to a reader (report, guard notes, chat). A reason the engine already wrote
    in the reader's language (the accuracy judgement's) is left as it is."""
    if lang != "fr":
        return text
    return reason_fr(text) or text
