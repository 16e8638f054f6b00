"""Score and summarise 1,000,000 ten-item responses (target: batch within 2x of the floor).

The floor is the hand-written minimal loop over the same data in the same
process: one dict lookup per answer and a sum. The single call's overhead
(full result with reasons) is reported beside it.
"""

from __future__ import annotations

import random
import time

from _timing import best_per_call, row

from qmscore.scoring import STANDARD_QUESTIONNAIRE, score_response, score_responses, summarize


def main() -> None:
    q = STANDARD_QUESTIONNAIRE
    levels = [lv.key for lv in q.levels]
    rng = random.Random(6)
    rows = [{i.key: rng.choice(levels) for i in q.items} for _ in range(1_000_000)]
    pairs = [(i.key, i.points) for i in q.items]

    def floor() -> None:
        for r in rows:
            sum([points[r[key]] for key, points in pairs])

    t_floor = best_per_call(floor, len(rows), 3)
    t_batch = best_per_call(lambda: score_responses(rows), len(rows), 3)
    sample = rows[:20_000]
    t_single = best_per_call(lambda: [score_response(r) for r in sample], len(sample), 3)
    batch = score_responses(rows)
    start = time.perf_counter()
    summary = summarize(batch)
    t_sum = time.perf_counter() - start
    print("\n## satisfaction scoring, 1,000,000 ten-item responses")
    print(row("score_responses (batch), per response", t_batch, t_floor, "minimal loop"))
    print(f"  -> batch / floor = {t_batch / t_floor:.2f}x (target <= 2x)")
    print(row("score_response (full result + reasons)", t_single, t_floor, "minimal loop"))
    print(
        f"summarize over 1,000,000 scores: {t_sum:.2f} s "
        f"({t_sum / len(rows) * 1e6:.2f} us per response); mean {summary.mean:.2f}"
    )


if __name__ == "__main__":
    main()
