"""Command line: ``python -m qmscore <command>`` (the only I/O in qmscore).

Commands:
    demo   worked examples of each capability, with the seed rules
    plan   the sampling plan for a lot, with its reasons
    oc     acceptance probability, AOQ, ATI and ASN of a plan at a quality p
    score  a satisfaction response scored with the standard questionnaire
    grade  a customer graded by the half-yearly review rules
    classify  a complaint's nature, route, escalations and deadlines
    schema    the JSON Schema of a public input type (or the list of them)

``--lang {en,zh}`` and ``--json`` (the converter's output,
:func:`qmscore.serialization.to_json`) work on every command, before or after
its name. Bad input prints one line ``qmscore: error: ...`` and exits with
status 2.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn, TextIO

from qmscore import __version__
from qmscore.errors import QmsError
from qmscore.explain import Language, Reason

__all__ = ["main"]


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Epilogs list choices line by line: keep their layout.
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        # One line, no usage dump: the caller asked for a one-line error.
        self.exit(2, f"qmscore: error: {message} (see 'python -m qmscore --help')\n")


_Sub = argparse._SubParsersAction  # the type of `add_subparsers()`

_LANG_HELP = "language of the output (default en)"
_JSON_HELP = "print the result as JSON (the converter's output) instead of text"


def _common() -> _Parser:
    # The options every command takes, after its name too. SUPPRESS keeps a
    # value given before the command name when it is not repeated after it.
    common = _Parser(add_help=False)
    group = common.add_argument_group("output")
    group.add_argument("--lang", choices=("en", "zh"), default=argparse.SUPPRESS, help=_LANG_HELP)
    group.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help=_JSON_HELP)
    return common


def _json(out: TextIO, obj: object) -> int:
    from qmscore.serialization import to_json

    out.write(to_json(obj, indent=2) + "\n")
    return 0


def _plan_text(plan: Any, lang: Language) -> str:
    text = str(plan)
    if lang == "zh" and plan.code_letter:
        return f"字码 {plan.code_letter}：{text.split(': ', 1)[1]}"
    return text


def _reasons(out: TextIO, reasons: Sequence[Reason], lang: Language) -> None:
    for reason in reasons:
        src = f"  [{reason.source}]" if reason.source is not None else ""
        out.write(f"  - {reason.message(lang)}{src}\n")


def _all_inspected(out: TextIO, lang: Language) -> None:
    out.write("  100% inspection\n" if lang == "en" else "  100% 全检\n")


def _cmd_plan(args: argparse.Namespace, out: TextIO) -> int:
    from qmscore import sampling

    plan = sampling.lookup_plan(
        args.lot_size,
        args.aql,
        level=args.level,
        inspection=args.inspection,
        scheme=args.scheme,
        standard=args.standard,
    )
    if args.json:
        return _json(out, plan)
    head = "抽样方案" if args.lang == "zh" else "Sampling plan"
    out.write(f"{head}: {_plan_text(plan, args.lang)}\n")
    if plan.inspect_all:
        _all_inspected(out, args.lang)
    _reasons(out, plan.reasons, args.lang)
    return 0


_MODEL_ZH = {"binomial": "二项分布", "hypergeometric": "超几何分布", "poisson": "泊松分布"}


def _cmd_oc(args: argparse.Namespace, out: TextIO) -> int:
    from qmscore import sampling

    rows = [(args.n, args.c, args.re if args.re is not None else args.c + 1)]
    # The plan knows its lot: a sample that reaches the lot is 100% inspection.
    plan = sampling.SamplingPlan.from_stages(rows, lot_size=args.lot_size)
    kw = {"lot_size": args.lot_size, "model": args.model}
    summary = sampling.oc_summary(plan, args.p, **kw)
    worst = (
        None
        if args.lot_size is None
        else sampling.aoql(plan, lot_size=args.lot_size, model=args.model)
    )
    p95 = sampling.p_at(plan, 0.95, **kw)
    p10 = sampling.p_at(plan, 0.10, **kw)
    if args.json:
        return _json(
            out, {"plan": plan, "summary": summary, "aoql": worst, "p95": p95, "p10": p10}
        )
    zh = args.lang == "zh"
    model = _MODEL_ZH[summary.model] if zh else summary.model
    lines = [
        f"{'方案' if zh else 'plan'}: {plan}",
        f"{'模型' if zh else 'model'}: {model}",
        f"Pa({args.p:g}) = {summary.pa:.6f}",
        f"ASN = {summary.asn:.2f}",
    ]
    if worst is not None:
        lines.append(f"AOQ = {summary.aoq:.6f}")
        lines.append(f"ATI = {summary.ati:.2f}")
        lines.append(f"AOQL = {worst.aoql:.6f} {'于' if zh else 'at'} p = {worst.p:.6g}")
    lines.append(f"p95 = {p95:.6g}")
    lines.append(f"p10 = {p10:.6g}")
    out.write("\n".join(lines) + "\n")
    if summary.inspect_all:
        _all_inspected(out, args.lang)
    # Only what the lot did to the plan: the model is already on its own line.
    lot_notes = [r for r in summary.reasons if not r.code.startswith("sampling.model_")]
    _reasons(out, lot_notes, args.lang)
    return 0


def _cmd_score(args: argparse.Namespace, out: TextIO) -> int:
    from qmscore import scoring
    from qmscore.errors import InvalidInputError

    answers: dict[str, str | None] = {i.key: None for i in scoring.STANDARD_QUESTIONNAIRE.items}
    for pair in args.answers:
        key, sep, level = pair.partition("=")
        if not sep:
            raise InvalidInputError.constraint("answer", "item=level", pair)
        answers[key] = None if level in ("", "na", "n/a") else level
    result = scoring.score_response(answers)
    if args.json:
        return _json(out, result)
    zh = args.lang == "zh"
    if result.incomplete:
        out.write(
            ("未计分：" if zh else "Not scored: ") + result.reasons[0].message(args.lang) + "\n"
        )
        return 0
    label, grade = ("得分", "等级") if zh else ("Score", "grade")
    out.write(f"{label}: {result.normalized:.1f}  {grade} {result.grade}\n")
    _reasons(out, result.reasons, args.lang)
    return 0


def _cmd_grade(args: argparse.Namespace, out: TextIO) -> int:
    from qmscore import scoring

    customer = args.customer or ("客户" if args.lang == "zh" else "customer")
    profile = scoring.CustomerProfile(
        customer,
        sales_6m=args.sales,
        cooperation=args.cooperation,
        potential=args.potential,
        partner_years=args.partner_years,
        payment=args.payment,
        well_known_brand=args.brand,
        direct_oem=args.oem,
        small_erratic_orders=args.erratic,
        raise_request=args.raise_request,
    )
    result = scoring.grade_customer(profile)
    if args.json:
        return _json(out, result)
    label = "等级" if args.lang == "zh" else "Grade"
    out.write(f"{customer}: {label} {result.grade}\n")
    _reasons(out, result.reasons, args.lang)
    return 0


def _cmd_classify(args: argparse.Namespace, out: TextIO) -> int:
    import datetime as dt

    from qmscore.errors import CalendarHorizonError, InvalidInputError
    from qmscore.workdays import WorkCalendar
    from qmscore.workflow import DEFAULT_PROFILE, Complaint, due_dates, open_case
    from qmscore.workflow.complaint import _NATURE_ZH, _ROUTE_ZH

    try:
        received = dt.datetime.fromisoformat(args.received)
    except ValueError:
        raise InvalidInputError.constraint("received", "an ISO datetime", args.received) from None
    complaint = Complaint(
        "cli",
        received,
        args.customer,
        demands=tuple(args.demand),
        safety=args.safety,
        batch=args.batch,
        recurrence=args.recurrence,
        appearance_only=args.appearance,
        replacement_amount=args.replacement,
    )
    calendar = WorkCalendar.china(
        notices=[_read_notice(path) for path in args.notice],
        beyond_horizon="estimate" if args.estimates else "raise",
    )
    case = open_case(complaint)
    # Everything is computed before anything is printed: a deadline past the
    # calendar's horizon fails the command without half an answer.
    try:
        dues = sorted(due_dates(case, calendar), key=_due_order)
    except CalendarHorizonError as exc:
        # The library's hint names its Python API; a shell user needs the options.
        head = str(exc).split(" Use ", 1)[0]
        raise CalendarHorizonError(
            f"{head} Pass the year's State Council notice with --notice FILE, or --estimates "
            "for estimated deadlines (flagged)."
        ) from None
    estimated = [
        d.step for d in dues if d.due_at is not None and calendar.is_estimated(d.due_at.date())
    ]
    c = case.classification
    if args.json:
        return _json(out, {"classification": c, "due_dates": dues, "estimated": estimated})
    zh = args.lang == "zh"
    if zh:
        out.write(f"问题性质 {c.nature}（{_NATURE_ZH[c.nature]}），{_ROUTE_ZH[c.route]}流程\n")
    else:
        out.write(f"nature {c.nature}, route {c.route}\n")
    _reasons(out, c.reasons, args.lang)
    labels = {s.key: s.zh if zh else s.en for s in DEFAULT_PROFILE.steps}
    flag = "（估算）" if zh else "  (estimated)"
    for d in dues:
        when = d.due_at.strftime("%Y-%m-%d %H:%M") if d.due_at else "-"
        mark = flag if d.step in estimated else ""
        out.write(f"  {'到期' if zh else 'due'} {when}  {labels.get(d.step, d.en)}{mark}\n")
    if estimated:
        out.write(
            f"  estimated: past {calendar.valid_through} no State Council notice is known; "
            "festivals are computed and make-up working days unknown (pass --notice FILE)\n"
            if not zh
            else f"  估算：{calendar.valid_through} 之后尚无国务院放假安排通知；节日为推算，"
            "调休上班日未知（可用 --notice FILE 提供通知）\n"
        )
    return 0


def _due_order(d: Any) -> tuple[bool, Any]:
    # Open steps paused without a deadline (due_at None) go last.
    return (d.due_at is None, d.due_at if d.due_at is not None else 0)


def _read_notice(path: str) -> str:
    from qmscore.errors import InvalidInputError

    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInputError.constraint(
            "--notice", f"a readable UTF-8 text file ({exc.__class__.__name__})", path
        ) from None


def _cmd_demo(args: argparse.Namespace, out: TextIO) -> int:
    from qmscore._demo import run

    results = run(out, args.lang, text=not args.json)
    return _json(out, results) if args.json else 0


def _cmd_schema(args: argparse.Namespace, out: TextIO) -> int:
    import json

    from qmscore.schema import input_types, schema_of

    if args.name is None:
        names = sorted(input_types())
        out.write(json.dumps(names, indent=2) + "\n" if args.json else "\n".join(names) + "\n")
        return 0
    out.write(json.dumps(schema_of(args.name), indent=2, ensure_ascii=False) + "\n")
    return 0


def _listing(title: str, rows: Sequence[str]) -> str:
    return f"{title}:\n" + "".join(f"  {row}\n" for row in rows)


def _add_demo(sub: _Sub[_Parser], common: _Parser) -> None:
    p = sub.add_parser(
        "demo",
        parents=[common],
        help="worked examples of each capability",
        description="Worked examples of each capability with the seed rules; --json prints "
        "the results behind them, section by section.",
    )
    p.set_defaults(func=_cmd_demo)


def _add_plan(sub: _Sub[_Parser], common: _Parser) -> None:
    from qmscore.sampling import INSPECTIONS, LEVELS, SCHEMES, STANDARDS
    from qmscore.sampling._tables import AQL_LABELS

    p = sub.add_parser(
        "plan",
        parents=[common],
        help="the ISO 2859-1 / Z1.4 plan for a lot, with reasons",
        description="The standard's plan for a lot, arrows followed, with its reasons.",
        epilog=_listing("AQLs (the preferred series)", [" ".join(AQL_LABELS)])
        + _listing("standards (case-insensitive)", [", ".join(STANDARDS)]),
    )
    p.add_argument("--lot-size", type=int, required=True, help="items in the lot (>= 2)")
    p.add_argument("--aql", required=True, help="AQL from the preferred series, e.g. 1.0")
    p.add_argument("--level", default="II", choices=LEVELS, help="inspection level (default II)")
    p.add_argument("--inspection", default="normal", choices=INSPECTIONS, help="default normal")
    p.add_argument("--scheme", default="single", choices=SCHEMES, help="default single")
    p.add_argument("--standard", default="z1.4", help="z1.4 (default), iso2859-1 or gb2828.1")
    p.set_defaults(func=_cmd_plan)


def _add_oc(sub: _Sub[_Parser], common: _Parser) -> None:
    from qmscore.sampling import MODELS

    p = sub.add_parser(
        "oc",
        parents=[common],
        help="Pa, AOQ, ATI, ASN and AOQL of a single plan at a quality p",
        description="What a single plan (n, Ac, Re) does at a fraction nonconforming p.",
    )
    p.add_argument("--n", type=int, required=True, help="sample size")
    p.add_argument("--c", type=int, required=True, help="acceptance number Ac")
    p.add_argument("--re", type=int, default=None, help="rejection number (default c + 1)")
    p.add_argument("--p", type=float, required=True, help="fraction nonconforming")
    p.add_argument(
        "--lot-size",
        type=int,
        default=None,
        help="lot size (AOQ, ATI, AOQL); a sample as large is 100%% inspection",
    )
    p.add_argument("--model", choices=MODELS, default=None, help="default: binomial")
    p.set_defaults(func=_cmd_oc)


def _add_score(sub: _Sub[_Parser], common: _Parser) -> None:
    from qmscore.scoring import STANDARD_QUESTIONNAIRE as Q

    items = [f"{i.key:<14} {i.zh} / {i.en}, weight {i.weight:g}" for i in Q.items]
    levels = [f"{lv.key:<14} {lv.zh} / {lv.en}" for lv in Q.levels]
    p = sub.add_parser(
        "score",
        parents=[common],
        help="score a response: item=level pairs (unanswered = N/A)",
        description="Score one response with the standard questionnaire. Give item=level "
        "pairs; an item left out, or given as item=na, is not applicable.",
        epilog=_listing("items", items) + _listing("levels", [*levels, "na             N/A"]),
    )
    p.add_argument("answers", nargs="+", help="e.g. performance=satisfied price=opposed")
    p.set_defaults(func=_cmd_score)


def _add_grade(sub: _Sub[_Parser], common: _Parser) -> None:
    from qmscore.scoring import COOPERATION, PAYMENT, POTENTIAL

    p = sub.add_parser(
        "grade",
        parents=[common],
        help="grade a customer (half-yearly A/B/C/D review)",
        description="Grade a customer by the half-yearly review rules; an option left out "
        "is not known (counted as not met).",
    )
    p.add_argument("--customer", default=None, help="customer id (default: customer / 客户)")
    p.add_argument("--sales", type=float, default=None, help="6-month sales (RMB)")
    p.add_argument("--cooperation", choices=COOPERATION, default=None)
    p.add_argument("--potential", choices=POTENTIAL, default=None)
    p.add_argument("--partner-years", type=float, default=None)
    p.add_argument("--payment", choices=PAYMENT, default=None)
    p.add_argument(
        "--brand", action="store_const", const=True, default=None, help="well-known brand"
    )
    p.add_argument(
        "--oem", action="store_const", const=True, default=None, help="direct OEM supplier"
    )
    p.add_argument(
        "--erratic", action="store_const", const=True, default=None, help="small, erratic orders"
    )
    p.add_argument(
        "--raise-request", default=None, help="reason of an application to raise the grade"
    )
    p.set_defaults(func=_cmd_grade)


def _add_classify(sub: _Sub[_Parser], common: _Parser) -> None:
    from qmscore.workflow import DEMANDS

    p = sub.add_parser(
        "classify",
        parents=[common],
        help="classify a complaint and list its deadlines",
        description="A complaint's nature, route and escalations, and its deadlines in time "
        "order on the China working-day calendar.",
    )
    p.add_argument("--received", required=True, help="ISO datetime, China time if naive")
    p.add_argument("--customer", default="customer")
    p.add_argument("--demand", action="append", choices=DEMANDS, default=[], help="repeatable")
    p.add_argument("--safety", action="store_true")
    p.add_argument("--batch", action="store_true")
    p.add_argument("--recurrence", action="store_true")
    p.add_argument("--appearance", action="store_true", help="occasional appearance defect")
    p.add_argument("--replacement", type=float, default=0.0, help="replacement order (RMB)")
    p.add_argument(
        "--notice",
        action="append",
        default=[],
        metavar="FILE",
        help="a State Council holiday notice (国务院办公厅关于YYYY年部分节假日安排的通知) as "
        "text; repeat it, an amending notice after the one it amends",
    )
    p.add_argument(
        "--estimates",
        action="store_true",
        help="past the last arrangement, compute deadlines from estimated festivals (flagged)",
    )
    p.set_defaults(func=_cmd_classify)


def _add_schema(sub: _Sub[_Parser], common: _Parser) -> None:
    from qmscore.schema import input_types

    names = sorted(input_types())
    p = sub.add_parser(
        "schema",
        parents=[common],
        help="the JSON Schema of a public input type (without NAME: the names)",
        description="The JSON Schema (draft 2020-12) of a public input type, for building "
        "forms and validating payloads before the converter reads them.",
        epilog=_listing("names (case-insensitive)", [", ".join(names)]),
    )
    p.add_argument("name", nargs="?", default=None, metavar="NAME", help="e.g. Questionnaire")
    p.set_defaults(func=_cmd_schema)


_COMMANDS: tuple[Callable[[_Sub[_Parser], _Parser], None], ...] = (
    _add_demo,
    _add_plan,
    _add_oc,
    _add_score,
    _add_grade,
    _add_classify,
    _add_schema,
)


def _parser() -> _Parser:
    parser = _Parser(prog="python -m qmscore", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"qmscore {__version__}")
    parser.add_argument("--lang", choices=("en", "zh"), default="en", help=_LANG_HELP)
    parser.add_argument("--json", action="store_true", help=_JSON_HELP)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    common = _common()
    for add in _COMMANDS:
        add(sub, common)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; returns the exit status."""
    stream = sys.stdout if out is None else out
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        status: int = args.func(args, stream)
    except QmsError as exc:
        sys.stderr.write(f"qmscore: error: {exc}\n")
        return 2
    except BrokenPipeError:  # pragma: no cover - e.g. piped into `head`
        # Point stdout at devnull so the interpreter's final flush stays quiet.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    return status


if __name__ == "__main__":
    sys.exit(main())
