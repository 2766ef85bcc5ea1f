"""The model-written report: prompt, cache, ask, guard-rails, the advisor's own footprint, log.

The report keeps the engine's footprint, sources and contract; only the recommendations
(their order, wording and warnings) and the combined plan come from the model's choice,
held to the hard rules by `guard`. When the model fails and `--fallback offline` was
asked for, the engine's own report answers, with the failure stated at the top.
"""

from __future__ import annotations

import hashlib
import time
from functools import partial

from advisor.figures import Figure, Span
from advisor.home import Settings
from advisor.llm import cache, guard
from advisor.llm.models import ModelChoice, chat_model, check_key
from advisor.llm.structured import Asker, ModelOutputError, ModelResult, ModelUnavailableError, validate
from advisor.llm.words import GRID_NAMES_FR, note
from advisor.prompting import render_prompt
from advisor.report import AdvisorFootprint, Report, build_report, plan_out
from advisor.secrets import scrub


def model_report(
    analysis,
    choice: ModelChoice,
    settings: Settings,
    *,
    level: str = "pro",
    lang: str = "en",
    use_cache: bool = True,
    fallback: str | None = None,
    log: bool = True,
    llm=None,
    sleep=time.sleep,
) -> Report:
    kb = analysis.kb
    prompt = render_prompt(analysis.loaded, analysis.advice, kb, level=level, lang=lang)
    prompt_hash = hashlib.sha256(prompt.text.encode("utf-8")).hexdigest()
    started = time.monotonic()
    cache_key = cache.key(choice.id, choice.base_url, prompt.system, prompt.user)
    result: ModelResult | None = None
    cached = False
    if use_cache:
        hit = cache.get(cache_key)
        if hit is not None:
            answer, _ = validate(hit["raw"])
            if answer is not None:
                result, cached = ModelResult(answer, hit["raw"], hit.get("mode", "cache")), True
    if result is None:
        try:
            if llm is None:
                check_key(choice)
                llm = chat_model(choice, settings)
            provider = "openai-compatible" if choice.provider == "openai" and choice.local else choice.provider
            asker = Asker(
                llm, provider, max_repairs=settings.max_repairs,
                max_transport_retries=settings.max_transport_retries, lang=lang, sleep=sleep,
                secrets=tuple(k for k in (choice.api_key(),) if k), count_tokens=_counter(choice),
                timeout_s=settings.timeout_s,
            )
            result = asker.ask(prompt.system, prompt.user)
        except (ModelUnavailableError, ModelOutputError) as exc:
            return _failed(exc, analysis, choice, level, lang, prompt_hash, started, fallback, log)
        if use_cache:
            cache.put(cache_key, result.raw, result.mode, result.usage)

    guarded = guard.apply(result.answer, analysis, lang)
    limit = kb.policy.basic_level_actions if level == "basic" else len(guarded.recommendations)
    rows = guarded.recommendations[:limit] or None
    notes = _answer_notes(result, lang)
    report = build_report(analysis.loaded, analysis.advice, kb, level=level, lang=lang, model=choice.id, rows=rows)
    if rows:
        from advisor.engine.advise import make_plan

        shown = guarded.candidates[:len(rows)]  # the plan combines the rows the table shows, no more
        report.plan = plan_out(make_plan(analysis.architecture, analysis.footprint, shown, kb), lang)
    report.model_summary = guarded.summary
    report.guardrails = notes + guarded.notes
    report.advisor_footprint = advisor_footprint(kb, choice, result.usage, result, cached, "; ".join(result.notes), lang)
    report.warnings.extend(result.notes)
    report.cite(kb)
    _log(log, analysis, choice, level, lang, prompt_hash, result.usage if not cached else {}, started,
         "cached" if cached else "ok", f"{len(guarded.notes)} guard-rail notes", report.advisor_footprint, cached)
    return report


def _answer_notes(result: ModelResult, lang: str) -> list[str]:
    """What was done to the model's answer before the guard-rails: rows cut, or none given."""
    from advisor.llm.answer import MAX_RECOMMENDATIONS

    notes = []
    if result.answer.dropped:
        notes.append(note("rows_cut", lang, given=MAX_RECOMMENDATIONS + result.answer.dropped, kept=MAX_RECOMMENDATIONS))
    if not result.answer.recommendations:
        notes.append(note("no_advice", lang))
    return notes


def _failed(exc, analysis, choice, level, lang, prompt_hash, started, fallback, log) -> Report:
    """Log the failure with the tokens already spent; with --fallback offline, the engine's report
    says at its top that the model failed, and keeps what the failed calls cost."""
    kb = analysis.kb
    usage, reason = exc.usage, scrub(str(exc))
    spent = advisor_footprint(kb, choice, usage, None, False, "; ".join(exc.notes), lang) if usage.get("calls") else None
    _log(log, analysis, choice, level, lang, prompt_hash, usage, started, "failed", reason, spent)
    if fallback != "offline":
        raise exc
    report = build_report(analysis.loaded, analysis.advice, kb, level=level, lang=lang, model="offline")
    report.model_failed = note("model_failed", lang, model=choice.id, reason=reason)
    report.advisor_footprint = spent
    report.cite(kb)
    return report


def warm_up(choice: ModelChoice, settings: Settings, lang: str = "en") -> None:
    """Build once, before threads start, what every file's analysis shares.

    The knowledge base, the prompt templates, the token encoding and the chat client are
    each cached on first use; warmed in one thread, concurrent files share one of each instead
    of building them side by side while holding the GIL. A failure here is left for each
    file's own call to report.
    """
    from advisor.kb import load_kb
    from advisor.prompting import environment
    from advisor.tokens import encoding, encoding_name_for

    load_kb()
    env = environment()
    for level in ("basic", "pro"):
        env.get_template(f"{lang}/{level}.j2")
    encoding(encoding_name_for(choice.model))
    if choice.provider != "mock":
        try:
            chat_model(choice, settings)
        except Exception:  # noqa: BLE001 - reported per file, with the file's name
            pass


def _counter(choice: ModelChoice):
    def count(text: str) -> int:
        from advisor.tokens import count as tiktoken_count

        return tiktoken_count(text, choice.model)

    return count


def advisor_footprint(kb, choice: ModelChoice, usage: dict, result: ModelResult | None, cached: bool,
                      extra: str = "", lang: str = "en") -> AdvisorFootprint:
    """Tokens and the estimated energy and emissions of the calls this analysis made, with a note
    in the report's language on how they were estimated (`extra`: the calls' own notes)."""
    mode = result.mode if result else None
    zero = Figure.from_span(Span.point(0.0), "Wh", "estimate", note=note("cache_no_call", lang))
    if cached:
        return AdvisorFootprint(
            model=choice.id, calls=0, attempts=0, input_tokens=0, output_tokens=0, cached=True, mode=mode,
            energy_wh=zero, emissions_gco2e=zero.model_copy(update={"unit": "gCO2e"}),
            note=note("cache_no_tokens", lang),
        )
    from advisor.footprint import assumption
    from advisor.hosted import request_impact

    provider = "anthropic" if choice.provider == "anthropic" else "openai"
    impact = request_impact(
        partial(assumption, kb), provider=provider, model_name=None if choice.local else choice.model,
        input_tokens=usage.get("input_tokens", 0), output_tokens=usage.get("output_tokens", 0),
    )
    grid = kb.countries.get(impact.zone) or kb.countries["WOR"]
    intensity = Span(grid.low, grid.value, grid.high)
    sources = sorted(impact.sources | set(grid.sources))
    parts = [note("local_server", lang)] if choice.local else []
    parts += [_how(impact, choice, lang), note("grid", lang, name=_grid_name(grid, lang))]
    text = note("and", lang).join(parts + ([extra] if extra else []))
    energy_wh = impact.energy * 1000.0
    return AdvisorFootprint(
        model=choice.id, calls=usage.get("calls", 0), attempts=result.attempts if result else 0,
        input_tokens=usage.get("input_tokens", 0), output_tokens=usage.get("output_tokens", 0), cached=False, mode=mode,
        energy_wh=Figure.from_span(energy_wh, "Wh", "estimate", sources, text),
        emissions_gco2e=Figure.from_span(impact.energy * intensity + impact.embodied * 1000.0, "gCO2e", "estimate", sources, text),
        note=text,
    )


def _how(impact, choice: ModelChoice, lang: str) -> str:
    """How EcoLogits sized the model: by its own record of it, or by the assumed parameter range."""
    if impact.known:
        return note("how_known", lang, name=choice.model, provider=impact.provider)
    span = impact.parameters_b
    return note("how_assumed", lang, low=f"{span.low:g}", high=f"{span.high:g}")


def _grid_name(grid, lang: str) -> str:
    """The knowledge base's (English) name of the grid, or its French name, else its code."""
    return grid.label if lang != "fr" else GRID_NAMES_FR.get(grid.key, f"({grid.key})")


def _log(enabled, analysis, choice, level, lang, prompt_hash, usage, started, outcome, detail, footprint=None, cached=False):
    if not enabled:
        return
    from advisor.logstore import record

    record(
        started=time.time(), command="analyze", system=analysis.architecture.name, file=str(analysis.loaded.path),
        model=choice.id, level=level, lang=lang, prompt_sha256=prompt_hash,
        input_tokens=usage.get("input_tokens", 0), output_tokens=usage.get("output_tokens", 0), calls=usage.get("calls", 0),
        energy_wh=footprint.energy_wh.value if footprint else 0.0,
        gco2e=footprint.emissions_gco2e.value if footprint else 0.0,
        cached=int(cached), duration_s=time.monotonic() - started, outcome=outcome, detail=detail,
    )
