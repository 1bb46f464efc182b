"""Import quality: how much of each real page's marked body the import finds, by the extraction benchmark's
own metric, for the text flattened by inscriptis (pages/), by a browser (pages-browser/) and as HTML (html/).

    .venv/bin/python bench/extraction.py              # every page, a summary a flattening
    .venv/bin/python bench/extraction.py --pages      # and a line a page, worst first

Each folder is imported as `import_seeds --dry-run --json` imports it (nothing is written), and the
`standfirst` and `body` it prints are scored against the body a person marked on the page. The metric, from
the benchmark's README: both texts cut into words (runs of letters, digits and underscores, in any script),
the words into overlapping runs of four (a text of one to three words is one run); runs found in both, as
many times as the fewer, are true positives. Precision is averaged over the pages where something was
found, recall over all pages; F1 is the harmonic mean of the two averages. Figures, not pass or fail: the
targets are F1 0.90 or more on each text flattening and 0.95 on HTML, and no page refused.
"""

import argparse
import contextlib
import io
import json
import os
import re
import secrets
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCHMARK = ROOT.parent / "shared" / "data" / "extraction-benchmark"
FLATTENINGS = {"pages": "text, inscriptis", "pages-browser": "text, browser", "html": "HTML"}
WORD = re.compile(r"\w+")
SHINGLE = 4


def shingles(text: str) -> Counter:
    words = WORD.findall(text or "")
    if len(words) < SHINGLE:
        return Counter([tuple(words)]) if words else Counter()
    return Counter(tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1))


def precision_recall(found: str | None, marked: str) -> tuple[float | None, float]:
    """A page's precision (None when nothing was found) and recall."""
    extracted, truth = shingles(found or ""), shingles(marked)
    common = sum((extracted & truth).values())
    precision = common / sum(extracted.values()) if extracted else None
    return precision, common / sum(truth.values())


def summarise(scores: dict[str, tuple[float | None, float]]) -> tuple[float, float, float]:
    """F1, precision and recall over the pages, as the benchmark averages them."""
    precisions = [p for p, _ in scores.values() if p is not None]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(r for _, r in scores.values()) / len(scores)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f1, precision, recall


def import_folder(folder: Path) -> tuple[dict[str, dict], dict[str, str]]:
    """What a dry run of import_seeds prints for each page of the folder, and each refused page's reason."""
    from django.core.management import call_command
    from django.core.management.base import CommandError

    out, err = io.StringIO(), io.StringIO()
    with contextlib.suppress(CommandError):  # some pages refused: their reasons are in err
        call_command(
            "import_seeds", folder, dry_run=True, json=True, no_gazetteer=True, stdout=out, stderr=err
        )
    found = {Path(row["file"]).stem: row for row in map(json.loads, out.getvalue().splitlines())}
    refused = {}
    for line in err.getvalue().splitlines():
        path, _, reason = line.partition(": ")
        if path.startswith(str(folder)):
            refused[Path(path).stem] = reason
    return found, refused


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--benchmark", type=Path, default=BENCHMARK, help="the benchmark's folder")
    parser.add_argument("--pages", action="store_true", help="also print each page's figures, worst first")
    options = parser.parse_args()

    database = Path(tempfile.mkdtemp(prefix="newsroom-bench-")) / "bench.sqlite3"
    os.environ.update(DJANGO_SECRET_KEY=secrets.token_urlsafe(32), DATABASE_URL=f"sqlite:///{database}")
    os.environ.pop("DATABASE_REPLICA_URL", None)
    os.environ.pop("REDIS_URL", None)
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    truth = {
        key: page["articleBody"]
        for key, page in json.loads((options.benchmark / "ground-truth.json").read_text()).items()
    }
    print(f"{len(truth)} pages of {options.benchmark}")
    print(f"{'flattening':<17} {'F1':>6} {'prec.':>6} {'recall':>6}   {'standfirst+body F1':>18}  refused")
    for folder, label in FLATTENINGS.items():
        found, refused = import_folder(options.benchmark / folder)
        body, with_standfirst = {}, {}
        for key, marked in truth.items():
            row = found.get(key)
            body[key] = precision_recall(row and row["body"], marked)
            parts = row and "\n\n".join(filter(None, [row["subtitle"], row["body"]]))
            with_standfirst[key] = precision_recall(parts, marked)
        f1, precision, recall = summarise(body)
        both = summarise(with_standfirst)[0]
        print(f"{label:<17} {f1:6.3f} {precision:6.3f} {recall:6.3f}   {both:18.3f}  {len(refused):>7}")
        for key, reason in sorted(refused.items()):
            print(f"    refused {key[:12]}: {reason}")
        if options.pages:
            for key, (p, r) in sorted(body.items(), key=lambda item: (item[1][0] or 0) * item[1][1]):
                print(f"    {key[:12]}  precision {p if p is not None else float('nan'):.2f}  recall {r:.2f}")


if __name__ == "__main__":
    main()
