"""The command's ~700 posts by branch and rank band, about four in five filled by the nations
that take part, in rough proportion to their economies (GDP, real). Hungary, which does not
take part, fills none. Titles, the split and the dates are illustrative."""

from __future__ import annotations

from datetime import date

from convoy.core.models import Nation
from convoy.intake.demo.base import SYSTEM, TODAY, Loader, days
from convoy.manning.models import Post
from convoy.manning.services import post_create, post_fill, post_name_successor, post_vacate

# branch: (posts, titles)
BRANCHES = {
    "command": (20, ["Commander", "Deputy commander", "Chief of staff", "Command senior enlisted "
                     "leader", "Political adviser", "Legal adviser", "Staff assistant"]),
    "J1": (45, ["Personnel officer", "Manning officer", "Personnel clerk"]),
    "J2": (70, ["Intelligence analyst", "Threat assessment officer", "Geospatial analyst"]),
    "J3": (120, ["Current operations officer", "Watch keeper", "Training coordination officer",
                 "Air defence coordinator"]),
    "J4": (140, ["Movement control officer", "Node liaison officer", "Supply chain analyst",
                 "Repair coordination officer", "Logistics planner", "Transport clerk"]),
    "J5": (80, ["Capability development planner", "Long-term plans officer",
                "Requirements analyst"]),
    "J6": (65, ["Communications officer", "IT systems administrator", "Cyber defence analyst"]),
    "J7": (85, ["Training planner", "Course liaison officer", "Training facility liaison"]),
    "J8": (35, ["Budget officer", "Financial pledge analyst", "Contracting officer"]),
    "J9": (40, ["Civil-military cooperation officer", "Industry liaison officer"]),
}
# rank band: share of posts
RANK_BANDS = [("OF5+", 0.05), ("OF3-4", 0.35), ("OF1-2", 0.2), ("OR", 0.32), ("CIV", 0.08)]
FILLED_SHARE = 0.8
# Partners that send staff to the command (the neutral partners do not).
STAFF_PARTNERS = {"AUS", "JPN", "KOR", "NZL"}
FIRST_FILLED = date(2024, 9, 2)
ROTATIONS = 10
ROTATION_END = date(2026, 10, 31)
ENDING_TOURS = 9


def load_manning(loader: Loader, nations: dict[str, Nation]) -> None:
    rng = loader.rng_for("manning")
    posts = []
    for branch, (count, titles) in BRANCHES.items():
        for n in range(1, count + 1):
            band = rng.choices([b for b, _ in RANK_BANDS], [w for _, w in RANK_BANDS])[0]
            if branch == "command" and n <= 3:
                band = "OF5+"  # commander, deputy, chief of staff
            title = titles[n - 1] if branch == "command" and n <= 3 else rng.choice(titles)
            posts.append((f"NSATU-{branch.upper()}-{n:03d}", title, branch, band))
    filled = sorted(rng.sample(range(len(posts)), round(len(posts) * FILLED_SHARE)))
    fillers = dict(zip(filled, _fillers(nations, len(filled), rng), strict=True))
    rotations = sorted(rng.sample(filled, ROTATIONS))
    refilled = set(rotations[::2])
    # Tours that end within the next three months; most of them have their successor named.
    ending = sorted(rng.sample(sorted(set(filled) - set(rotations)), ENDING_TOURS))
    named = set(ending[: ENDING_TOURS * 2 // 3])
    for index, (code, title, branch, band) in enumerate(posts):
        filler = fillers.get(index)
        # The manning service creates a post filled from a date in one step.
        post, made = loader.ensure(
            Post, {"code": code}, post_create, actor=SYSTEM, code=code, title=title,
            branch=branch, rank_band=band, filled_by=nations[filler] if filler else None,
            filled_from=FIRST_FILLED + days(rng.randint(0, 400)) if filler else None,
        )
        if made and index in rotations:
            # A rotation ended; half of these posts are filled again, by another nation.
            post_vacate(actor=SYSTEM, post=post, on=ROTATION_END)
            if index in refilled:
                successor = rng.choice(sorted(set(fillers.values()) - {filler}))
                post_fill(actor=SYSTEM, post=post, nation=nations[successor],
                          on=ROTATION_END + days(16))
        if made and index in ending:
            end = TODAY + days(rng.randint(10, 85))
            post_vacate(actor=SYSTEM, post=post, on=end)
            if index in named:
                successor = rng.choice(sorted(set(fillers.values()) - {filler}))
                post_name_successor(actor=SYSTEM, post=post, nation=nations[successor],
                                    on=end + days(rng.randint(1, 20)))


def _fillers(nations: dict[str, Nation], count: int, rng) -> list[str]:
    """`count` nation codes, each taking-part ally at least once, the rest in proportion to
    GDP (largest remainder), shuffled."""
    eligible = {
        code: float(n.gdp_usd or 0)
        for code, n in nations.items()
        if n.participation == Nation.Participation.TAKES_PART
        and (n.kind == Nation.Kind.ALLY or code in STAFF_PARTNERS)
    }
    allies = [c for c in eligible if nations[c].kind == Nation.Kind.ALLY]
    rest = count - len(allies)
    total = sum(eligible.values())
    shares = {c: rest * gdp / total for c, gdp in eligible.items()}
    seats = {c: int(share) for c, share in shares.items()}
    by_remainder = sorted(eligible, key=lambda c: (seats[c] - shares[c], c))
    for code in by_remainder[: rest - sum(seats.values())]:
        seats[code] += 1
    for code in allies:
        seats[code] += 1
    codes = sorted(c for c, k in seats.items() for _ in range(k))
    rng.shuffle(codes)
    return codes
