"""Command line: ``python -m qmscore <command>`` (the only I/O in qmscore).

Commands:
    demo   worked examples of each capability, with the seed rules
    plan   the sampling plan for a lot, with its reasons
    oc     acceptance probability, AOQ, ATI and ASN of a plan at a quality p
    score  a satisfaction response scored with the standard questionnaire
    grade  a customer graded by the half-yearly review rules
    classify  a complaint's nature, route, escalations and deadlines

Bad input prints one line ``qmscore: error: ...`` and exits with status 2.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn, TextIO

from qmscore import __version__
from qmscore.errors import QmsError
from qmscore.explain import Language, Reason

__all__ = ["main"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line, no usage dump: the caller asked for a one-line error.
        self.exit(2, f"qmscore: error: {message} (see 'python -m qmscore --help')\n")


def _reasons(out: TextIO, reasons: Sequence[Reason], lang: Language) -> None:
    for reason in reasons:
        src = f"  [{reason.source}]" if reason.source is not None else ""
        out.write(f"  - {reason.message(lang)}{src}\n")


def _cmd_plan(args: argparse.Namespace, out: TextIO) -> int:
    from qmscore import sampling
    from qmscore.serialization import to_json

    plan = sampling.lookup_plan(
        args.lot_size,
        args.aql,
        level=args.level,
        inspection=args.inspection,
        scheme=args.scheme,
        standard=args.standard,
    )
    if args.json:
        out.write(to_json(plan, indent=2) + "\n")
        return 0
    head = "抽样方案" if args.lang == "zh" else "Sampling plan"
    out.write(f"{head}: {plan}\n")
    if plan.inspect_all:
        out.write("  100% inspection\n" if args.lang == "en" else "  100% 全检\n")
    _reasons(out, plan.reasons, args.lang)
    return 0


def _cmd_oc(args: argparse.Namespace, out: TextIO) -> int:
    from qmscore import sampling

    rows = [(args.n, args.c, args.re if args.re is not None else args.c + 1)]
    # The plan knows its lot: a sample that reaches the lot is 100% inspection.
    plan = sampling.SamplingPlan.from_stages(rows, lot_size=args.lot_size)
    kw = {"lot_size": args.lot_size, "model": args.model}
    summary = sampling.oc_summary(plan, args.p, **kw)
    lines = [f"plan: {plan}", f"model: {summary.model}", f"Pa({args.p:g}) = {summary.pa:.6f}"]
    lines.append(f"ASN = {summary.asn:.2f}")
    if args.lot_size is not None:
        lines.append(f"AOQ = {summary.aoq:.6f}")
        lines.append(f"ATI = {summary.ati:.2f}")
        worst = sampling.aoql(plan, lot_size=args.lot_size, model=args.model)
        lines.append(f"AOQL = {worst.aoql:.6f} at p = {worst.p:.6g}")
    lines.append(f"p95 = {sampling.p_at(plan, 0.95, **kw):.6g}")
    lines.append(f"p10 = {sampling.p_at(plan, 0.10, **kw):.6g}")
    out.write("\n".join(lines) + "\n")
    if summary.inspect_all:
        out.write("  100% inspection\n" if args.lang == "en" else "  100% 全检\n")
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

    profile = scoring.CustomerProfile(
        args.customer,
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
    label = "等级" if args.lang == "zh" else "Grade"
    out.write(f"{args.customer}: {label} {result.grade}\n")
    _reasons(out, result.reasons, args.lang)
    return 0


def _cmd_classify(args: argparse.Namespace, out: TextIO) -> int:
    import datetime as dt

    from qmscore.errors import InvalidInputError
    from qmscore.workdays import WorkCalendar
    from qmscore.workflow import Complaint, due_dates, open_case

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
    c = case.classification
    out.write(f"nature {c.nature}, route {c.route}\n")
    _reasons(out, c.reasons, args.lang)
    estimated = False
    for d in due_dates(case, calendar):
        when = d.due_at.strftime("%Y-%m-%d %H:%M") if d.due_at else "-"
        flag = d.due_at is not None and calendar.is_estimated(d.due_at.date())
        estimated |= flag
        out.write(f"  due {when}  {d.en}{'  (estimated)' if flag else ''}\n")
    if estimated:
        out.write(
            f"  estimated: past {calendar.valid_through} no State Council notice is known; "
            "festivals are computed and make-up working days unknown (pass --notice FILE)\n"
            if args.lang == "en"
            else f"  估算：{calendar.valid_through} 之后尚无国务院放假安排通知；节日为推算，"
            "调休上班日未知（可用 --notice FILE 提供通知）\n"
        )
    return 0


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

    run(out, args.lang)
    return 0


def _add_plan(sub: argparse._SubParsersAction[_Parser]) -> None:
    from qmscore.sampling import INSPECTIONS, LEVELS, SCHEMES

    p = sub.add_parser("plan", help="the ISO 2859-1 / Z1.4 plan for a lot, with reasons")
    p.add_argument("--lot-size", type=int, required=True, help="items in the lot (>= 2)")
    p.add_argument("--aql", required=True, help="AQL from the preferred series, e.g. 1.0")
    p.add_argument("--level", default="II", choices=LEVELS)
    p.add_argument("--inspection", default="normal", choices=INSPECTIONS)
    p.add_argument("--scheme", default="single", choices=SCHEMES)
    p.add_argument("--standard", default="z1.4", help="z1.4 (default) or iso2859-1 / gb2828.1")
    p.add_argument("--json", action="store_true", help="print the plan as JSON")
    p.set_defaults(func=_cmd_plan)


def _add_oc(sub: argparse._SubParsersAction[_Parser]) -> None:
    from qmscore.sampling import MODELS

    p = sub.add_parser("oc", help="Pa, AOQ, ATI, ASN and AOQL of a single plan at a quality p")
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


def _add_score(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser("score", help="score a response: item=level pairs (unanswered = N/A)")
    p.add_argument("answers", nargs="+", help="e.g. performance=satisfied price=opposed")
    p.set_defaults(func=_cmd_score)


def _add_grade(sub: argparse._SubParsersAction[_Parser]) -> None:
    from qmscore.scoring import COOPERATION, PAYMENT, POTENTIAL

    p = sub.add_parser("grade", help="grade a customer (half-yearly A/B/C/D review)")
    p.add_argument("--customer", default="customer")
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


def _add_classify(sub: argparse._SubParsersAction[_Parser]) -> None:
    from qmscore.workflow import DEMANDS

    p = sub.add_parser("classify", help="classify a complaint and list its deadlines")
    p.add_argument("--received", required=True, help="ISO datetime, China time if naive")
    p.add_argument("--customer", default="customer")
    p.add_argument("--demand", action="append", choices=DEMANDS, default=[])
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


_COMMANDS: tuple[Callable[[argparse._SubParsersAction[_Parser]], None], ...] = (
    _add_plan,
    _add_oc,
    _add_score,
    _add_grade,
    _add_classify,
)


def _parser() -> _Parser:
    parser = _Parser(prog="python -m qmscore", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"qmscore {__version__}")
    parser.add_argument("--lang", choices=("en", "zh"), default="en", help="language of reasons")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    demo = sub.add_parser("demo", help="worked examples of each capability")
    demo.set_defaults(func=_cmd_demo)
    for add in _COMMANDS:
        add(sub)
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
