"""150 people spelled the ways they really arrive, among 20,000 namesakes: does the search put them first?

Issue 16's check, as generated data (seeded: the same seed gives the same files). ``make`` writes

- ``registry.csv``: 150 people and 20,000 namesakes with birth dates, each stored in one script (as
  ``bench/names.py`` draws them) with a patronymic in one of its forms (Russian ``-ович``, Turkic ``улы`` /
  ``қызы``, Uzbek ``ўғли`` / ``қизи``). Namesakes are hard on purpose: for each of the 150, forty people
  with the same surname and given name but another father, a brother (same father, another given name,
  the patronymic in the other form), a relative whose *father* is called like the person (Turkic form),
  and the person's father; the rest is a population drawn like ``bench dedup``'s;
- ``queries.tsv``: about 4 spellings of each of the 150 (``find-person --batch``: name, TAB, birth date on
  a third of them): Karakalpak Cyrillic, Karakalpak Latin 2016, the old apostrophe Latin, Uzbek Latin with
  each of its four apostrophes, an Uzbek passport in capitals, ICAO and GOST (MVD) passports, Russian-style
  Cyrillic; the patronymic in a form drawn again (so mostly not the stored one); surname and given name
  swapped on some, one typo on some;
- ``answers.jsonl``: for each query line, the target's external id and what the query carries.

``run`` makes the files, a scratch SQLite database under a throwaway key, and measures with the commands
the issue names (``isenim import-people``, ``isenim find-person --batch --json --limit 5``); ``--code DIR``
runs another checkout's ``manage.py`` (the code before a change: ``git archive <commit> | tar -x -C DIR``).

    python -m bench.names_set run --out var/names-set [--code DIR] [--seed 16]

Prints top-1 for every query, for those with a patronymic, with a Turkic one, top-5, how often another
person comes first (a look-alike), and name-key collisions between different people (current code).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
from collections import Counter
from datetime import timedelta
from pathlib import Path

from bench.names import (
    BIRTH_DAYS,
    FIRST_BIRTH,
    POOLS,
    Generator,
    Name,
    kaa_to_latin,
    patronymic,
    spell,
)

ROOT = Path(__file__).resolve().parent.parent
TARGETS = 150
NAMESAKES = 20_000
SAME_NAME = 40  # namesakes per target with its surname and given name
QUERIES_PER_TARGET = 4
STYLES = ("russian", "turkic", "uzbek")
SCHEMES = (
    "kaa",
    "kaa_latn",
    "kaa_old",
    "uz_latn",
    "uz_passport",
    "icao",
    "mvd",
    "ru",
)
# Karakalpak Latin 1995-2016: á ó ú ǵ ń ı written with an apostrophe.
_KAA_OLD = str.maketrans(
    {"á": "a'", "ó": "o'", "ú": "u'", "ǵ": "g'", "ń": "n'", "ı": "i'", "Á": "A'", "Ó": "O'"}
)
UZ_APOSTROPHES = ("ʻ", "'", "‘", "`", "ʼ")


def _birth(rng: random.Random) -> str:
    return (FIRST_BIRTH + timedelta(days=rng.randrange(BIRTH_DAYS))).isoformat()


def _father(rng: random.Random, group: str, avoid: set[str]) -> str:
    for _attempt in range(50):
        father = POOLS[group]["M"].draw(rng)
        if father not in avoid:
            return father
    return "Тажибай"


def _middle(father: str, sex: str, style: str, group: str) -> str:
    if style == "uzbek" and group == "ru":
        style = "russian"
    return patronymic(father, sex, style)


def written(name: Name, scheme: str, rng: random.Random) -> tuple[str, str, str]:
    """(last, first, middle) in one of the ways a name arrives."""

    def one(text: str) -> str:
        if scheme in ("kaa", "kaa_latn", "uz_latn", "ru"):
            return " ".join(spell(w, name.group, scheme) for w in text.split())
        if scheme == "kaa_old":
            return " ".join(kaa_to_latin(w).translate(_KAA_OLD) for w in text.split())
        if scheme == "uz_passport":
            return " ".join(spell(w, name.group, "uz_latn") for w in text.split()).upper()
        return " ".join(spell(w, name.group, "passport", scheme) for w in text.split())

    parts = one(name.last), one(name.first), one(name.middle)
    if scheme in ("uz_latn", "uz_passport"):
        mark = rng.choice(UZ_APOSTROPHES)
        parts = tuple(part.replace("ʻ", mark) for part in parts)
    return parts


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 5:
        return word
    at = rng.randrange(1, len(word) - 1)
    if rng.random() < 0.5:
        return word[:at] + word[at + 1 :]  # a letter left out
    return word[:at] + word[at + 1] + word[at] + word[at + 2 :]  # two letters swapped


def make(
    out: Path,
    *,
    seed: int = 16,
    targets: int = TARGETS,
    namesakes: int = NAMESAKES,
    column: str = "patronymic",
) -> dict:
    rng = random.Random(seed)
    generator = Generator(seed)
    people: list[dict] = []  # registry rows
    queries: list[tuple[str, str, dict]] = []

    canonical: dict[str, list[str]] = {}

    def add(name: Name, birth: str, ident: str, scheme: str | None = None) -> None:
        canonical[ident] = [name.last, name.first, name.middle]
        scheme = scheme or rng.choice(("kaa", "kaa", "kaa", "ru", "uz_latn", "kaa_latn", "icao", "mvd"))
        last, first, middle = written(name, scheme, rng)
        people.append(
            {
                "external_id": ident,
                "last_name": last,
                "first_name": first,
                "middle_name": middle,
                "birth_date": birth,
            }
        )

    for number in range(targets):
        base = generator.name(rng)
        while base.group == "ru":  # the issue is about Karakalpak and Uzbek names
            base = generator.name(rng)
        sex = base.sex
        father = _father(rng, base.group, {base.first})
        style = rng.choice(STYLES)
        target = Name(base.group, sex, base.last, base.first, _middle(father, sex, style, base.group))
        birth = _birth(rng)
        ident = f"T{number:03d}"
        add(target, birth, ident)
        other_style = rng.choice([s for s in STYLES if s != style])
        # The father, a brother, a son of a man named like the target, and namesakes with other fathers.
        grandfather = _father(rng, base.group, {father, base.first})
        man = _male(base.last, sex)
        add(Name(base.group, "M", man, father, _middle(grandfather, "M", "russian", base.group)),
            _birth(rng), f"F{number:03d}")  # fmt: skip
        brother = _father(rng, base.group, {base.first, father})
        add(Name(base.group, "M", man, brother, _middle(father, "M", other_style, base.group)),
            _birth(rng), f"B{number:03d}")  # fmt: skip
        relative = _father(rng, base.group, {base.first, father})
        if sex == "M":  # a son of a man named like the target: the target's given name as a father's name
            add(Name(base.group, "M", man, relative, _middle(base.first, "M", "turkic", base.group)),
                _birth(rng), f"R{number:03d}")  # fmt: skip
        for other in range(SAME_NAME):
            namesake_father = _father(rng, base.group, {father, base.first})
            middle = _middle(namesake_father, sex, rng.choice(STYLES), base.group)
            add(
                Name(base.group, sex, base.last, base.first, middle),
                _birth(rng),
                f"N{number:03d}-{other:02d}",
            )  # fmt: skip
        for _query in range(QUERIES_PER_TARGET):
            queries.append(_query_for(target, father, birth, ident, rng))
    while len(people) < targets + namesakes:
        person = generator.person()
        add(
            person.name,
            person.birth_date,
            f"P{len(people):05d}",
            person.script if person.script != "passport" else "icao",
        )
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "registry.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(
            handle, fieldnames=["external_id", "last_name", "first_name", column, "birth_date"]
        )
        writer.writeheader()
        for row in people:
            writer.writerow(
                {**{k: v for k, v in row.items() if k != "middle_name"}, column: row["middle_name"]}
            )
    (out / "canonical.json").write_text(json.dumps(canonical, ensure_ascii=False), encoding="utf-8")
    with open(out / "queries.tsv", "w", encoding="utf-8") as handle:
        handle.writelines(f"{text}\t{birth}\n" for text, birth, _answer in queries)
    with open(out / "answers.jsonl", "w", encoding="utf-8") as handle:
        handle.writelines(
            json.dumps(answer, ensure_ascii=False) + "\n" for _text, _birth_date, answer in queries
        )
    return {"people": len(people), "queries": len(queries)}


def _male(surname: str, sex: str) -> str:
    return surname[:-1] if sex == "F" and surname.endswith("а") else surname


def _query_for(
    target: Name, father: str, birth: str, ident: str, rng: random.Random
) -> tuple[str, str, dict]:
    style = rng.choice(STYLES)
    name = Name(
        target.group, target.sex, target.last, target.first, _middle(father, target.sex, style, target.group)
    )
    scheme = rng.choice(SCHEMES)
    last, first, middle = written(name, scheme, rng)
    flags = {"scheme": scheme, "style": style}
    if rng.random() < 0.15:
        middle = ""
        flags["style"] = None
    if rng.random() < 0.2:
        before = (last, first)
        if rng.random() < 0.5:
            last = _typo(last, rng)
        else:
            first = _typo(first, rng)
        flags["typo"] = (last, first) != before
    words = [first, last, middle] if rng.random() < 0.3 else [last, first, middle]
    flags["swapped"] = words[0] == first
    text = " ".join(word for word in words if word)
    given_birth = birth if rng.random() < 1 / 3 else ""
    flags["birth_date"] = bool(given_birth)
    return text, given_birth, {"target": ident, **flags}


# --- Running it ------------------------------------------------------------------------------------


def run(out: Path, *, code: Path, seed: int, column: str = "patronymic") -> dict:
    made = make(out, seed=seed, column=column)
    database = out / "names-set.sqlite3"
    for stale in out.glob("names-set.sqlite3*"):
        stale.unlink()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "isenim.settings",
        "DATABASE_URL": f"sqlite:///{database}",
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-" + os.urandom(24).hex(),
        "ALLOWED_HOSTS": "localhost",
        "ISENIM_DATA_KEYS": _data_key(),
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(code),
    }

    def manage(*args: str) -> str:
        done = subprocess.run(  # noqa: S603 (this interpreter, a checkout's manage.py)
            [sys.executable, str(code / "manage.py"), *args],
            env=env,
            cwd=code,
            capture_output=True,
            text=True,
        )
        if done.returncode:
            raise SystemExit(f"{args[0]} failed:\n{done.stderr[-3000:]}")
        return done.stdout

    manage("migrate", "-v", "0")
    manage("load-reference", "-v", "0")
    imported = manage("import-people", str(out / "registry.csv"))
    found = manage("find-person", "--batch", str(out / "queries.tsv"), "--json", "--limit", "5")
    shell = manage(
        "shell",
        "-c",
        "import json; from isenim.people.models import Person; "
        "print(json.dumps(dict(Person.objects.values_list('code', 'external_id'))))",
    )
    codes = json.loads([line for line in shell.splitlines() if line.startswith("{")][-1])
    (out / "found.jsonl").write_text(found, encoding="utf-8")
    (out / "codes.json").write_text(json.dumps(codes), encoding="utf-8")
    answers = [json.loads(line) for line in (out / "answers.jsonl").read_text(encoding="utf-8").splitlines()]
    results = [json.loads(line) for line in found.splitlines() if line.startswith("[")]
    figures = score(answers, results, codes)
    figures["import"] = imported.strip().splitlines()[-1] if imported.strip() else ""
    figures.update(made)
    if code == ROOT:
        figures["name_key_collisions"] = key_collisions(out)
    for stale in out.glob("names-set.sqlite3*"):
        stale.unlink()
    return figures


def _data_key() -> str:
    from isenim.core.crypto import new_key_entry

    return new_key_entry("namesset")


def score(answers: list[dict], results: list[list[dict]], codes: dict[str, str]) -> dict:
    counts: Counter = Counter()
    for answer, hits in zip(answers, results, strict=True):
        ids = [codes.get(hit["code"], "") for hit in hits]
        top1 = bool(ids) and ids[0] == answer["target"]
        top5 = answer["target"] in ids
        lookalike = (
            bool(ids) and not top1 and top5 and hits[0]["score"] > hits[ids.index(answer["target"])]["score"]
        )
        groups = ["all"]
        if answer["style"]:
            groups.append("with_patronymic")
        if answer["style"] in ("turkic", "uzbek"):
            groups.append("turkic_patronymic")
        for group in groups:
            counts[group] += 1
            counts[group + ":top1"] += top1
            counts[group + ":top5"] += top5
            counts[group + ":lookalike"] += bool(ids) and not top1 and (lookalike or not top5)
    out = {}
    for group in ("all", "with_patronymic", "turkic_patronymic"):
        total = counts[group] or 1
        out[group] = {
            "queries": counts[group],
            "top1": round(counts[group + ":top1"] / total, 4),
            "top5": round(counts[group + ":top5"] / total, 4),
            "other_first": round(counts[group + ":lookalike"] / total, 4),
        }
    return out


def key_collisions(out: Path) -> int:
    """Records of registry.csv whose name key (this checkout's code, shipped equivalents) is another
    name's: the same key for different canonical names (surname, given name, father's name)."""
    from isenim.people import names  # no Django: the shipped file is read as people.equivalents reads it

    data = json.loads((ROOT / "isenim" / "people" / "data" / "name_equivalents.json").read_text("utf-8"))
    groups = {
        part: [(group["canonical"], group["forms"]) for group in data[part]] for part in ("names", "endings")
    }
    names.set_equivalents(names.Equivalents.build(groups["names"], groups["endings"]))
    canonical = json.loads((out / "canonical.json").read_text(encoding="utf-8"))
    first_name_of: dict[str, tuple] = {}
    collisions = 0
    with open(out / "registry.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            middle = row.get("patronymic", row.get("middle_name", ""))
            key = names.person_name_key(row["last_name"], row["first_name"], middle)
            last, first, middle = canonical[row["external_id"]]
            meant = (last, first, names.parse_name(middle).fathers)
            if first_name_of.setdefault(key, meant) != meant:
                collisions += 1
    return collisions


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.names_set", description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=("make", "run", "score"))
    parser.add_argument("--out", default=str(ROOT / "var" / "names-set"))
    parser.add_argument(
        "--code", default=str(ROOT), help="the checkout whose manage.py runs (default: this one)"
    )
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument(
        "--column",
        default="patronymic",
        help="the name of the father's name column (middle_name: what the code before issue 16 read)",
    )
    options = parser.parse_args(argv)
    out = Path(options.out)
    if options.action == "make":
        print(json.dumps(make(out, seed=options.seed, column=options.column)))
        return
    if options.action == "score":  # again, from the files a run left in --out
        answers = [
            json.loads(line) for line in (out / "answers.jsonl").read_text(encoding="utf-8").splitlines()
        ]
        found = (out / "found.jsonl").read_text(encoding="utf-8").splitlines()
        codes = json.loads((out / "codes.json").read_text(encoding="utf-8"))
        figures = score(answers, [json.loads(line) for line in found if line.startswith("[")], codes)
        figures["name_key_collisions"] = key_collisions(out)
        print(json.dumps(figures, ensure_ascii=False, indent=1))
        return
    figures = run(out, code=Path(options.code).resolve(), seed=options.seed, column=options.column)
    print(json.dumps(figures, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
