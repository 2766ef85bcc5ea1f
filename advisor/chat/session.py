"""A conversation about one architecture: slash commands, what-ifs, and questions.

The session holds the architecture (which what-ifs may change), the engine's analysis of
it, the conversation, and the model (or none: offline, a question naming a region or an
accelerator is that what-if, and questions about techniques are answered from the knowledge
base). It writes through an `emit` callable so the same session drives a terminal, a pipe or
a test, and says everything in its language (advisor/chat/words.py). Nothing a user types
can crash it: every error becomes a message and the session goes on. A model's reply is
followed by a note when it names what the hard rules forbid here (advisor/chat/replycheck.py).
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from advisor.analysis import Analysis, prepare
from advisor.chat.words import say
from advisor.errors import GreenAdvisorError
from advisor.i18n import num, pct, reason
from advisor.loader import LoadedArchitecture

STOPWORDS = set("""the and for why not what how with this that you are can should does about tell from into
your our its was were have has had will would could use using les des pour une est pas que qui avec dans sur pourquoi quoi
comment mon notre votre""".split())
HISTORY_TOKEN_BUDGET = 6000  # conversation memory kept beside the grounding, in tokens

def connect(spec: str, settings, base_url: str | None = None):
    """The chat client for a model spec (None offline), refused as `analyze` refuses it.

    Why up front: a spec that cannot work (an unknown provider or mock, a missing key) must
    stop `chat` before the session opens (exit 2, analyze's message) and keep `/model` on the
    model it had, rather than fail at every question.
    """
    from advisor.llm.models import chat_model, check_key, parse_model

    choice = parse_model(spec, settings, base_url)
    if choice is None:
        return None
    check_key(choice)
    return chat_model(choice, settings)


@dataclass
class Session:
    loaded: LoadedArchitecture
    kb: object
    settings: object
    emit: Callable[..., None]  # emit(text, end='\n')
    level: str = "pro"
    lang: str = "en"
    model: str = "offline"
    base_url: str | None = None
    metrics: Path | None = None
    history: list[tuple[str, str]] = field(default_factory=list)
    original: LoadedArchitecture | None = None
    analysis: Analysis | None = None
    projection: object = None  # advisor.chat.whatif.Projection: the figures what-ifs show and start from
    last_delta: tuple[float, float, float, float] | None = None  # energy and emissions, before → after
    llm: object = None  # the chat client, built by connect() when the model is chosen

    def __post_init__(self):
        self.original = self.original or self.loaded
        self.refresh()

    # -- state ---------------------------------------------------------------------
    def refresh(self) -> None:
        from advisor.chat.whatif import project

        self.analysis = prepare(self.loaded, self.kb, self.lang, self.metrics)
        self.projection = project(self.analysis, self.original, self.kb, self.lang, self.metrics)

    def report(self):
        from advisor.report import build_report

        return build_report(self.loaded, self.analysis.advice, self.kb, level=self.level, lang=self.lang, model="offline")

    # -- entry point ---------------------------------------------------------------
    def handle(self, line: str) -> bool:
        """Handle one input; False when the user asked to leave."""
        line = line.strip()
        if not line:
            return True
        try:
            if line.startswith("/"):
                return self.command(line)
            self.ask(line)
        except GreenAdvisorError as exc:
            self.emit(say("error", self.lang, message=exc))
        except Exception as exc:  # the session must survive anything
            from advisor.secrets import scrub

            self.emit(say("error", self.lang, message=f"{type(exc).__name__}: {scrub(str(exc))}"))
        return True

    def opening(self) -> None:
        self.show_footprint()
        self.show_table()
        self.emit(say("prompt", self.lang))

    # -- commands ------------------------------------------------------------------
    def command(self, line: str) -> bool:
        try:
            parts = shlex.split(line)
        except ValueError as exc:
            self.emit(say("error", self.lang, message=exc))
            return True
        name, args = parts[0][1:].lower(), parts[1:]
        handlers = {
            "help": lambda: self.emit(say("help", self.lang)), "table": self.show_table, "footprint": self.show_footprint,
            "level": lambda: self.set_choice("level", args, ("basic", "pro")),
            "lang": lambda: self.set_choice("lang", args, ("en", "fr")),
            "model": lambda: self.set_model(args), "metrics": lambda: self.set_metrics(args),
            "whatif": lambda: self.whatif(args), "explain": lambda: self.explain(" ".join(args)),
            "export": lambda: self.export(args), "reset": self.reset,
        }
        if name in ("quit", "exit", "q"):
            return False
        handler = handlers.get(name)
        if handler is None:
            import difflib

            close = difflib.get_close_matches(name, [*handlers, "quit"], n=1, cutoff=0.5)
            hint = say("did_you_mean", self.lang, name="/" + close[0]) if close else ""
            self.emit(say("unknown_command", self.lang, name=name, hint=hint))
            return True
        handler()
        return True

    def show_table(self) -> None:
        self.emit(self._table_text())

    def _table_text(self) -> str:
        from advisor.render.text import label

        report, lang = self.report(), self.lang
        lines = []
        for i, r in enumerate(report.recommendations, 1):
            warn = f"  ⚠ {r.warning}" if r.warning else ""
            tags = say("row_tags", lang, difficulty=label(r.difficulty, lang).lower(), risk=label(r.accuracy_risk, lang).lower())
            lines.append(f"{i:>2}. {r.action} — {r.impact} {tags}{warn}")
        if report.plan:
            lines.append(report.plan.message)
        return "\n".join(lines) or label("none_applicable", lang)

    def show_footprint(self) -> None:
        fp, lang, projection = self.analysis.footprint, self.lang, self.projection
        lines = [say("system_line", lang, name=self.loaded.architecture.name, energy=num(fp.energy.value, lang),
                     emissions=num(fp.emissions.value, lang))]
        for wf in fp.workloads:
            sci = wf.sci_per_request()
            lines.append(say("workload_line", lang, name=wf.name, kind=wf.workload.kind,
                             measured=say("measured", lang) if wf.measured else "", energy=num(wf.energy.value, lang),
                             emissions=num(wf.emissions.value, lang), intensity=num(wf.intensity.value, lang),
                             sci=say("sci", lang, sci=num(sci.value, lang)) if sci else ""))
        if projection.included:
            estimates = ", ".join(say("on_workload", lang, technique=c.technique.id, workload=c.workload.name)
                                  for c in projection.included)
            lines.append(say("projected_line", lang, estimates=estimates, energy=num(projection.energy, lang),
                             emissions=num(projection.emissions, lang)))
        self.emit("\n".join(lines))

    def set_choice(self, attribute: str, args: list[str], allowed: tuple[str, ...]) -> None:
        if len(args) != 1 or args[0] not in allowed:
            self.emit(say("usage_choice", self.lang, command=attribute, allowed="|".join(allowed),
                          current=getattr(self, attribute)))
            return
        setattr(self, attribute, args[0])
        if attribute == "lang":
            self.refresh()
        self.emit(say("set_" + attribute, self.lang, value=args[0]))

    def set_model(self, args: list[str]) -> None:
        if len(args) != 1:
            self.emit(say("usage_model", self.lang, current=self.model))
            return
        llm = connect(args[0], self.settings, self.base_url)  # a bad id or a missing key: an error, no switch
        self.model, self.llm = args[0], llm
        self.emit(say("set_model", self.lang, value=self.model))

    def set_metrics(self, args: list[str]) -> None:
        if len(args) != 1:
            self.emit(say("usage_metrics", self.lang))
            return
        previous = self.metrics
        self.metrics = Path(args[0]).expanduser()
        try:
            self.refresh()
        except GreenAdvisorError:
            self.metrics = previous
            raise
        self.show_footprint()

    def whatif(self, args: list[str]) -> None:
        from advisor.chat import whatif

        names = [w.name for w in self.loaded.architecture.workloads]
        self._run_whatif(whatif.parse(args, names, self.lang))

    def _run_whatif(self, changes) -> None:
        from advisor.chat import whatif

        before = self.projection
        changed = whatif.apply(self.loaded, changes, self.kb, self.lang)
        after = prepare(changed, self.kb, self.lang, self.metrics)
        projection = whatif.project(after, self.original, self.kb, self.lang, self.metrics)
        self.loaded, self.analysis, self.projection = changed, after, projection
        self.emit(self._delta(before, projection, changes))

    def _delta(self, before, after, changes) -> str:
        """Before/after figures, both projected the same way (advisor/chat/whatif.py), so a step
        starts from what the previous one showed."""
        from advisor.chat.whatif import assignment

        lang = self.lang
        notes = []
        for c in after.included:
            share = c.energy_fraction()
            notes.append(say("includes_estimate", lang, technique=c.technique.id, workload=c.workload.name,
                             share=pct(share.value * 100, lang), low=pct(share.low * 100, lang), high=pct(share.high * 100, lang)))
        touched = {w for ch in changes if ch.field == "precision" for w in ([ch.target] if ch.target else after.unmodelled)}
        notes += [say("unmodelled", lang, workload=name, why=why) for name, why in after.unmodelled.items() if name in touched]

        def row(key: str, a: float, b: float) -> str:
            change = (b - a) / a * 100 if a else 0.0
            return say(key, lang, before=num(a, lang), after=num(b, lang),
                       change=("+" if change >= 0 else "−") + pct(abs(change), lang))

        lines = [say("whatif_head", lang, changes=", ".join(assignment(c) for c in changes))]
        lines.append(row("delta_energy", before.energy, after.energy))
        lines.append(row("delta_emissions", before.emissions, after.emissions))
        lines += notes
        lines.append(say("whatif_tail", lang))
        self.last_delta = (before.energy, after.energy, before.emissions, after.emissions)
        return "\n".join(lines)

    def explain(self, query: str) -> None:
        technique = self._find_technique(query)
        if technique is None:
            if query.strip():  # a name that matched nothing: say so, and what is close, before the usage
                close = self._close_techniques(query)
                hint = (say("did_you_mean_any", self.lang, names=", ".join(close)) if close else say("see_table", self.lang))
                self.emit(say("unknown_technique", self.lang, query=query.strip(), hint=hint))
            self.emit(say("usage_explain", self.lang))
            return
        self.emit(self._explanation(technique))

    def _close_techniques(self, query: str, n: int = 3) -> list[str]:
        """Ids whose id or name (en, fr) is spelled close to the query: a typo ('quantisation')
        or a half-remembered name gets the ids to type."""
        import difflib

        wanted = query.strip().lower()
        spellings: dict[str, str] = {}
        for technique in self.kb.techniques.values():
            for spelling in (technique.id, technique.name("en"), technique.name("fr")):
                spellings.setdefault(spelling.lower(), technique.id)
        close = difflib.get_close_matches(wanted, list(spellings), n=3 * n, cutoff=0.6)
        return list(dict.fromkeys(spellings[c] for c in close))[:n]

    def _find_technique(self, text: str):
        text = text.lower().strip()
        if not text:
            return None
        if text in self.kb.techniques:
            return self.kb.techniques[text]
        words = set(re.findall(r"[a-z0-9]+", text)) - STOPWORDS
        best, best_score = None, 0
        for technique in self.kb.techniques.values():
            names = f"{technique.id} {technique.name('en')} {technique.name('fr')}".lower()
            score = sum(1 for w in words if len(w) > 2 and w in re.findall(r"[a-z0-9]+", names))
            if technique.id.split("-")[-1] in words:
                score += 2
            if score > best_score:
                best, best_score = technique, score
        return best if best_score >= 1 else None

    def _explanation(self, technique) -> str:
        lang = self.lang
        lines = [say("explanation_head", lang, name=technique.name(lang), id=technique.id, action=technique.action(lang))]
        if technique.impact.note:
            lines.append(technique.impact.note(lang))
        for c in self.analysis.advice.candidates:
            if c.technique.id == technique.id:
                from advisor.render.text import impact

                warning = c.warning(lang)  # the accuracy warning and the latency/availability caveats, as in the table
                lines.append(say("here", lang, workload=c.workload.name, impact=impact(c, lang))
                             + (f" — {warning}" if warning else ""))
        for e in self.analysis.advice.excluded:
            if e.technique_id == technique.id:
                lines.append(say("not_for", lang, workload=e.workload, reason=reason(e.reason, lang)))
        sources = sorted(technique.cited())
        if sources:
            lines.append(say("sources", lang, sources=", ".join(sources)))
        return "\n".join(lines)

    def export(self, args: list[str]) -> None:
        if len(args) != 1:
            self.emit(say("usage_export", self.lang))
            return
        path = Path(args[0]).expanduser()
        fmt = {".md": "markdown", ".markdown": "markdown", ".json": "json", ".html": "html", ".htm": "html"}.get(path.suffix.lower())
        if fmt is None:
            self.emit(say("export_suffix", self.lang))
            return
        from advisor.output import write_atomic
        from advisor.render import render

        write_atomic(path, render(self.report(), fmt))
        self.emit(say("wrote", self.lang, path=path))

    def reset(self) -> None:
        self.loaded, self.history = self.original, []
        self.refresh()
        self.emit(say("reset", self.lang))

    # -- questions -----------------------------------------------------------------
    def ask(self, question: str) -> None:
        if self.model == "offline":
            self._answer_offline(question)
            return
        from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

        from advisor.llm.models import parse_model
        from advisor.prompting import render_prompt

        choice = parse_model(self.model, self.settings, self.base_url)
        if self.llm is None:
            self.llm = connect(self.model, self.settings, self.base_url)
        prompt = render_prompt(self.loaded, self.analysis.advice, self.kb, level=self.level, lang=self.lang)
        grounding = prompt.user.split("<architecture_data>", 1)[1].split("</architecture_data>", 1)[0]
        system = (prompt.system + "\nAnswer the user's questions about this system in plain prose, "
                  + ("in French. " if self.lang == "fr" else "")
                  + "Use the figures of the data block; say when a figure is not in it.\n<architecture_data>"
                  + grounding + "</architecture_data>")
        messages = [SystemMessage(content=system)]
        for role, text in self._trimmed_history(choice.model):
            messages.append(HumanMessage(content=text) if role == "user" else AIMessage(content=text))
        messages.append(HumanMessage(content=question))
        reply = self._stream(messages, tuple(k for k in (choice.api_key(),) if k))
        if reply is None:
            return
        self.history += [("user", question), ("assistant", reply)]
        from advisor.chat.replycheck import notes

        for line in notes(reply, self.analysis, self.lang):
            self.emit(line)

    def _stream(self, messages, secrets: tuple[str, ...]) -> str | None:
        """Print the reply as it streams, as `analyze` prints model text: no key (whole or in
        part, even split across chunks) and no control sequence (advisor/llm/stream_text.py).
        The reply as printed, or None when the provider failed (said, and the session goes on)."""
        from advisor.llm.failures import describe
        from advisor.llm.stream_text import StreamCleaner

        printer = StreamCleaner(secrets)
        try:
            for chunk in self.llm.stream(messages):
                piece = chunk.content if isinstance(chunk.content, str) else "".join(
                    b.get("text", "") for b in chunk.content if isinstance(b, dict))
                shown = printer.feed(piece) if piece else ""
                if shown:
                    self.emit(shown, end="")
        except Exception as exc:  # provider errors: say so, keep the session
            self.emit(printer.close(), end="")
            self.emit("")
            self.emit(say("model_error", self.lang, error=describe(exc, secrets)))
            return None
        self.emit(printer.close(), end="")
        self.emit("")
        return printer.text

    def _trimmed_history(self, model: str) -> list[tuple[str, str]]:
        """The most recent turns that fit the token budget (the grounding is always kept)."""
        from advisor.tokens import count

        kept, used = [], 0
        for role, text in reversed(self.history):
            cost = count(text, model)
            if used + cost > HISTORY_TOKEN_BUDGET:
                break
            kept.append((role, text))
            used += cost
        return list(reversed(kept))

    def _answer_offline(self, question: str) -> None:
        from advisor.chat.intent import changes_in

        changes = changes_in(question, self.loaded.architecture, self.kb)
        if changes:
            self._run_whatif(changes)
            return
        technique = self._find_technique(question)
        if technique is not None:
            self.emit(self._explanation(technique))
            return
        self.emit(say("offline_fallback", self.lang))
