"""Precision and recall of the report reader on report sentences with known answers.

    .venv/bin/python benchmarks/intake_reports.py

The sentences are written for this benchmark in the style of news reports and press releases:
pledges in digits and in words, several donors in one sentence, money in several currencies, and
sentences that must propose nothing (troops, the alliance's own forces, talks of pledges to come,
states outside the coalition). Run alone, it reads them against the demo's nations and catalogue
in a throw-away SQLite database; `report_scores()` can also be called from another benchmark
that has set Django up (benchmarks/intake.py does), and then uses that database's catalogue.

A proposal counts as right when its kind, donor, item (catalogue code) and quantity, or for money
its donor, currency and amount, are all the expected ones.
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

E, F = "equipment", "financial"

#: (sentence, expected proposals): equipment (E, donor, item code, quantity), money (F, donor,
#: currency, amount).
CASES: list[tuple[str, set[tuple]]] = [
    ("Germany will send two more IRIS-T SLM fire units to Ukraine before the winter.",
     {(E, "DEU", "IRIST-SLM-FU", 2)}),
    ("Poland has handed over a further 30 PT-91 Twardy tanks, the defence ministry said.",
     {(E, "POL", "PT91", 30)}),
    ("The Netherlands announced it would deliver 14 Leopard 2A4 tanks together with Denmark.",
     {(E, "NLD", "LEO2A4", 14)}),
    ("Sweden pledged up to 50 CV90 infantry fighting vehicles to Kyiv on Friday.",
     {(E, "SWE", "CV90", 50)}),
    ("France is sending six CAESAR 155 mm howitzers, the Elysée confirmed.",
     {(E, "FRA", "CAESAR", 6)}),
    ("The United States will provide another Patriot battery to Ukraine.",
     {(E, "USA", "PATRIOT-FU", 1)}),
    ("Italy delivered its second SAMP/T system to Ukraine this month.",
     {(E, "ITA", "SAMPT-FU", None)}),
    ("Norway has donated NASAMS fire units and training to Ukraine.",
     {(E, "NOR", "NASAMS-FU", None)}),
    ("Canada announced 39 armoured ambulances for the Ukrainian armed forces.",
     {(E, "CAN", "AMBULANCE-ARM", 39)}),
    ("The UK pledged fourteen Challenger 2 tanks and 30 AS-90 guns.",
     {(E, "GBR", "CHALLENGER2", 14), (E, "GBR", "AS90", 30)}),
    ("Ukraine will receive four M142 HIMARS from the United States and three M270 MLRS from "
     "the United Kingdom.",
     {(E, "USA", "HIMARS", 4), (E, "GBR", "M270", 3)}),
    ("Denmark has committed 19 F-16 fighter aircraft to Ukraine over the coming years.",
     {(E, "DNK", "F16", 19)}),
    ("Belgium will supply twelve F-16s to Ukraine by 2028.", {(E, "BEL", "F16", 12)}),
    ("The Czech government has supplied dozens of T-72 tanks and BMP-1 vehicles.",
     {(E, "CZE", "T72", None), (E, "CZE", "BMP1", None)}),
    ("Germany delivered 15 Flakpanzer Gepard to Ukraine in July.",
     {(E, "DEU", "GEPARD", 15)}),
    ("Slovakia handed over eight Zuzana 2 howitzers.", {(E, "SVK", "ZUZANA2", 8)}),
    ("Lithuania is giving Ukraine two Armoured mine-clearing vehicles.",
     {(E, "LTU", "MINE-CLEAR-VEH", 2)}),
    ("Portugal sent three M113 armoured personnel carriers to Kyiv.",
     {(E, "PRT", "M113", 3)}),
    ("Spain shipped four HAWK fire units to Ukraine.", {(E, "ESP", "HAWK-FU", 4)}),
    ("Estonia has given all of its D-30 122 mm howitzers to Ukraine.",
     {(E, "EST", "D30", None)}),
    ("Australia is providing 49 M1A1 Abrams tanks, Canberra said on Thursday.",
     {(E, "AUS", "ABRAMS", 49)}),
    ("Greece delivered 40 BMP-1 vehicles as part of a swap with Germany.",
     {(E, "GRC", "BMP1", 40)}),
    ("Norway pledged NOK 5 billion to a fund for Ukraine's air defence.",
     {(F, "NOR", "NOK", Decimal("5000000000"))}),
    ("Germany announced €500 million in military aid for Ukraine.",
     {(F, "DEU", "EUR", Decimal("500000000"))}),
    ("Canada will provide $500 million in additional military assistance to Ukraine.",
     {(F, "CAN", "USD", Decimal("500000000"))}),
    ("The Netherlands has earmarked 2 billion euros for Ukraine next year.", set()),
    ("Japan contributed ¥10 billion to a NATO trust fund for Ukraine.",
     {(F, "JPN", "JPY", Decimal("10000000000"))}),
    ("Sweden donated SEK 3.5 billion in military support to Ukraine.",
     {(F, "SWE", "SEK", Decimal("3500000000"))}),
    # Written after the reader was tuned on the sentences above, and not tuned on since.
    ("Berlin said on Tuesday that Germany would hand over 10 more Marder 1A3 vehicles.",
     {(E, "DEU", "MARDER", 10)}),
    ("Finland's 19th package includes additional heavy artillery ammunition.", set()),
    ("In a joint statement, Latvia and Lithuania pledged 5 million euros each.",
     {(F, "LVA", "EUR", Decimal("5000000")), (F, "LTU", "EUR", Decimal("5000000"))}),
    ("Romania transferred one Patriot system to Ukraine, its defence council decided.",
     {(E, "ROU", "PATRIOT-FU", 1)}),
    ("The Swedish government is sending Archer artillery systems and Stridsvagn 122 tanks.",
     {(E, "SWE", "ARCHER", None), (E, "SWE", "STRV122", None)}),
    ("Croatia has supplied Mi-8 helicopters to Ukraine via the United States.",
     {(E, "HRV", None, None)}),
    ("Ukraine has received the first F-16 jets from Denmark and the Netherlands.",
     {(E, "DNK", "F16", None), (E, "NLD", "F16", None)}),
    ("Luxembourg will fund the purchase of Skynex systems for Ukraine with €10 million.",
     {(E, "LUX", "SKYNEX", None)}),
    # Nothing to propose.
    ("With 500,000 troops at high readiness, NATO has a powerful deterrent.", set()),
    ("Over the next five years 850 new aircraft will be added to allied air forces.", set()),
    ("Allies have not yet agreed on a long-term financial pledge for Ukraine.", set()),
    ("Germany is considering whether to send Taurus missiles to Ukraine.", set()),
    ("Poland could deliver more tanks if its own stocks are replenished.", set()),
    ("Leaders are expected to announce a substantial package for Ukraine at the summit.", set()),
    ("Iran and North Korea help Russia by providing drones and ammunition.", set()),
    ("France and Germany discussed the delivery of more air defence systems.", set()),
    ("Ukraine asked Italy for more SAMP/T batteries to protect its cities.", set()),
    ("The alliance will send 300,000 troops to its eastern flank.", set()),
    ("NATO will coordinate the delivery of equipment from allies through logistic nodes.",
     set()),
    ("Hungary will not send weapons to Ukraine, its prime minister said.", set()),
    ("Stoltenberg urged allies to provide Ukraine with more Patriot systems.", set()),
    ("The Spanish defence minister visited a training centre in Poland.", set()),
    ("Romania hosts the F-16 training centre where Ukrainian pilots train.", set()),
    ("Defence ministers will meet in Brussels next week to discuss aid to Ukraine.", set()),
]


@dataclass(frozen=True)
class Scores:
    proposals: int
    expected: int
    right: int

    @property
    def precision(self) -> float:
        return self.right / self.proposals if self.proposals else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.expected if self.expected else 1.0

    def line(self) -> str:
        return (f"report reader: {len(CASES)} sentences, {self.expected} pledges expected, "
                f"{self.proposals} proposed, {self.right} right; precision {self.precision:.2f}, "
                f"recall {self.recall:.2f}")


def proposed(draft) -> tuple:
    from convoy.intake.names import ItemMatcher

    if draft.kind == F:
        return (F, draft.donor_code, draft.currency, draft.amount.normalize()
                if draft.amount is not None else None)
    code = draft.item_code or getattr(ItemMatcher().match(draft.item_text).item, "code", None)
    return (E, draft.donor_code, code, draft.quantity)


def report_scores(*, verbose: bool = False) -> Scores:
    """Read every case with the current database's nations and catalogue and score it."""
    from convoy.intake.reports_text.reader import ReportReader

    ensure_reference_data()
    reader = ReportReader()
    proposals = expected = right = 0
    for sentence, answer in CASES:
        found = {proposed(d) for d in reader.read(sentence)}
        answer = {(a[0], a[1], a[2], a[3].normalize() if isinstance(a[3], Decimal) else a[3])
                  for a in answer}
        proposals, expected = proposals + len(found), expected + len(answer)
        right += len(found & answer)
        if verbose and found != answer:
            print(f"  differs: {sentence}\n    proposed {sorted(found, key=str)}\n"
                  f"    expected {sorted(answer, key=str)}")
    return Scores(proposals, expected, right)


def print_report_scores(verbose: bool = False) -> Scores:
    scores = report_scores(verbose=verbose)
    print(scores.line())
    return scores


def ensure_reference_data() -> None:
    """The demo's nations, catalogue and item aliases, when the database has no items yet."""
    from convoy.catalog.models import Item

    if Item.objects.exists():
        return
    from convoy.intake.demo.base import Loader
    from convoy.intake.demo.catalog import load_catalogue
    from convoy.intake.demo.nations import load_nations

    loader = Loader()
    load_catalogue(loader, load_nations(loader))


def setup_django() -> None:
    folder = tempfile.mkdtemp(prefix="convoy-intake-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("CONVOY_VAR_DIR", folder)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convoy.settings")
    os.environ.setdefault("CONVOY_LOG_LEVEL", "WARNING")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


if __name__ == "__main__":
    setup_django()
    print_report_scores(verbose="-v" in sys.argv)
