"""A conversation about one architecture: slash commands, what-ifs, and questions.

The session holds the architecture (which what-ifs may change), the engine's analysis of
it, the conversation, and the model (or none: offline, questions about techniques are
answered from the knowledge base). It writes through an `emit` callable so the same
session drives a terminal, a pipe or a test. Nothing a user types can crash it: every
error becomes a message and the session goes on.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from advisor.analysis import Analysis, prepare
from advisor.errors import GreenAdvisorError
from advisor.i18n import num, pct
from advisor.loader import LoadedArchitecture

STOPWORDS = set("""the and for why not what how with this that you are can should does about tell from into
your our its was were have has had will would could use using les des pour une est pas que qui avec dans sur pourquoi quoi
comment mon notre votre""".split())
HISTORY_TOKEN_BUDGET = 6000  # conversation memory kept beside the grounding, in tokens

HELP = """Commands:
  /help                      this help
  /table                     the recommendations table
  /footprint                 the footprint per workload
  /level basic|pro           answer level          /lang en|fr      language
  /model M                   offline, anthropic:…, openai:…, ollama:…, mock:…
  /metrics CSV               use measured metrics (CodeCarbon emissions.csv)
  /whatif FIELD=VALUE …      e.g. region=eu-north-1, precision=int8, document-analysis.utilization=0.7
                             what-ifs add up: each starts from the figures the previous one showed.
                             The power model does not see precision, so a precision other than the
                             file's is taken off as the engine's estimate for that technique, made on
                             the current architecture (/footprint shows both figures).
  /explain TECHNIQUE         what a technique is, and what it would do here
  /export PATH               save the report (.md, .json or .html)
  /reset                     forget the conversation and the what-ifs
  /quit                      leave
Anything else is a question."""


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
    _llm: object = None

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
            self.emit(f"error: {exc}")
        except Exception as exc:  # the session must survive anything
            from advisor.secrets import scrub

            self.emit(f"error: {type(exc).__name__}: {scrub(str(exc))}")
        return True

    def opening(self) -> None:
        self.show_footprint()
        self.show_table()
        self.emit("Type a question, or /help for commands.")

    # -- commands ------------------------------------------------------------------
    def command(self, line: str) -> bool:
        try:
            parts = shlex.split(line)
        except ValueError as exc:
            self.emit(f"error: {exc}")
            return True
        name, args = parts[0][1:].lower(), parts[1:]
        handlers = {
            "help": lambda: self.emit(HELP), "table": self.show_table, "footprint": self.show_footprint,
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
            self.emit(f"unknown command /{name}" + (f"; did you mean /{close[0]}?" if close else "") + " (/help lists them)")
            return True
        handler()
        return True

    def show_table(self) -> None:
        self.emit(self._table_text())

    def _table_text(self) -> str:
        report = self.report()
        lines = []
        for i, r in enumerate(report.recommendations, 1):
            warn = f"  ⚠ {r.warning}" if r.warning else ""
            lines.append(f"{i:>2}. {r.action} — {r.impact} [{r.difficulty}, risk {r.accuracy_risk}]{warn}")
        if report.plan:
            lines.append(report.plan.message)
        return "\n".join(lines) or "no applicable action"

    def show_footprint(self) -> None:
        fp = self.analysis.footprint
        lines = [f"{self.loaded.architecture.name}: {num(fp.energy.value, self.lang)} kWh/month, "
                 f"{num(fp.emissions.value, self.lang)} kgCO2e/month"]
        for wf in fp.workloads:
            sci = wf.sci_per_request()
            lines.append(
                f"  {wf.name} ({wf.workload.kind}{', measured' if wf.measured else ''}): "
                f"{num(wf.energy.value, self.lang)} kWh, {num(wf.emissions.value, self.lang)} kgCO2e, "
                f"grid {num(wf.intensity.value, self.lang)} g/kWh"
                + (f", {num(sci.value, self.lang)} gCO2e/request" if sci else "")
            )
        if self.projection.included:
            lines.append(f"  with the engine's estimate of the precision what-ifs "
                         f"({', '.join(c.technique.id + ' on ' + c.workload.name for c in self.projection.included)}): "
                         f"{num(self.projection.energy, self.lang)} kWh/month, {num(self.projection.emissions, self.lang)} kgCO2e/month")
        self.emit("\n".join(lines))

    def set_choice(self, attribute: str, args: list[str], allowed: tuple[str, ...]) -> None:
        if len(args) != 1 or args[0] not in allowed:
            self.emit(f"usage: /{attribute} {'|'.join(allowed)} (now {getattr(self, attribute)})")
            return
        setattr(self, attribute, args[0])
        if attribute == "lang":
            self.refresh()
        self.emit(f"{attribute}: {args[0]}")

    def set_model(self, args: list[str]) -> None:
        if len(args) != 1:
            self.emit(f"usage: /model M (now {self.model})")
            return
        from advisor.llm.models import parse_model

        parse_model(args[0], self.settings, self.base_url)  # raises a clear error for a bad id
        self.model, self._llm = args[0], None
        self.emit(f"model: {self.model}")

    def set_metrics(self, args: list[str]) -> None:
        if len(args) != 1:
            self.emit("usage: /metrics CSV")
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
        changes = whatif.parse(args, names)
        before = self.projection
        changed = whatif.apply(self.loaded, changes, self.kb)
        after = prepare(changed, self.kb, self.lang, self.metrics)
        projection = whatif.project(after, self.original, self.kb, self.lang, self.metrics)
        self.loaded, self.analysis, self.projection = changed, after, projection
        self.emit(self._delta(before, projection, changes))

    def _delta(self, before, after, changes) -> str:
        """Before/after figures, both projected the same way (advisor/chat/whatif.py), so a step
        starts from what the previous one showed."""
        lang = self.lang
        notes = []
        for c in after.included:
            share = c.energy_fraction()
            notes.append(f"  includes the engine's {c.technique.id} estimate on {c.workload.name}: "
                         f"−{pct(share.value * 100, lang)} energy ({pct(share.low * 100, lang)}–{pct(share.high * 100, lang)})")
        touched = {w for ch in changes if ch.field == "precision" for w in ([ch.target] if ch.target else after.unmodelled)}
        notes += [f"  {name}: {why}" for name, why in after.unmodelled.items() if name in touched]

        def row(label: str, a: float, b: float, unit: str) -> str:
            change = (b - a) / a * 100 if a else 0.0
            return f"  {label}: {num(a, lang)} → {num(b, lang)} {unit} ({'+' if change >= 0 else '−'}{pct(abs(change), lang)})"

        lines = ["what-if: " + ", ".join(f"{c.target + '.' if c.target else ''}{c.field}={c.value}" for c in changes)]
        lines.append(row("energy", before.energy, after.energy, "kWh/month"))
        lines.append(row("emissions", before.emissions, after.emissions, "kgCO2e/month"))
        lines += notes
        lines.append("(/reset goes back to the file)")
        self.last_delta = (before.energy, after.energy, before.emissions, after.emissions)
        return "\n".join(lines)

    def explain(self, query: str) -> None:
        technique = self._find_technique(query)
        if technique is None:
            self.emit("usage: /explain TECHNIQUE (an id such as quantization-int8, or words such as 'int4' or 'caching')")
            return
        self.emit(self._explanation(technique))

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
        lines = [f"{technique.name(lang)} ({technique.id}): {technique.action(lang)}"]
        if technique.impact.note:
            lines.append(technique.impact.note(lang))
        for c in self.analysis.advice.candidates:
            if c.technique.id == technique.id:
                from advisor.render.text import impact

                lines.append(f"here, on {c.workload.name}: {impact(c, lang)}" + (f" — {c.accuracy.warning}" if c.accuracy.warning else ""))
        for e in self.analysis.advice.excluded:
            if e.technique_id == technique.id:
                lines.append(f"not for {e.workload}: {e.reason}")
        sources = sorted(technique.cited())
        if sources:
            lines.append("sources: " + ", ".join(sources))
        return "\n".join(lines)

    def export(self, args: list[str]) -> None:
        if len(args) != 1:
            self.emit("usage: /export PATH (.md, .json or .html)")
            return
        path = Path(args[0]).expanduser()
        fmt = {".md": "markdown", ".markdown": "markdown", ".json": "json", ".html": "html", ".htm": "html"}.get(path.suffix.lower())
        if fmt is None:
            self.emit("the file name must end in .md, .json or .html")
            return
        from advisor.output import write_atomic
        from advisor.render import render

        write_atomic(path, render(self.report(), fmt))
        self.emit(f"wrote {path}")

    def reset(self) -> None:
        self.loaded, self.history = self.original, []
        self.refresh()
        self.emit("back to the file; conversation forgotten")

    # -- questions -----------------------------------------------------------------
    def ask(self, question: str) -> None:
        if self.model == "offline":
            self._answer_offline(question)
            return
        from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

        from advisor.llm.models import chat_model, check_key, parse_model
        from advisor.llm.structured import describe
        from advisor.prompting import render_prompt

        choice = parse_model(self.model, self.settings, self.base_url)
        if self._llm is None:
            check_key(choice)
            self._llm = chat_model(choice, self.settings)
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
        chunks: list[str] = []
        try:
            for chunk in self._llm.stream(messages):
                piece = chunk.content if isinstance(chunk.content, str) else "".join(
                    b.get("text", "") for b in chunk.content if isinstance(b, dict))
                if piece:
                    chunks.append(piece)
                    self.emit(piece, end="")
        except Exception as exc:  # provider errors: say so, keep the session
            self.emit("")
            self.emit(f"model error: {describe(exc)}; the session goes on (/model offline to continue without it)")
            return
        self.emit("")
        self.history += [("user", question), ("assistant", "".join(chunks))]

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
        technique = self._find_technique(question)
        if technique is not None:
            self.emit(self._explanation(technique))
            return
        self.emit("offline, I answer about techniques (e.g. 'why not INT4?', 'semantic caching') and what-ifs "
                  "(/whatif region=…); /model anthropic:… or openai:… for free-form questions.")
