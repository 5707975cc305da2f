"""Generates the sandbox's Intl locale data from CLDR 48, the release Node 20's ICU 78 is built from.

    npm install --prefix /tmp/cldr cldr-core@48.0.0 cldr-numbers-full@48.0.0 cldr-dates-full@48.0.0 cldr-misc-full@48.0.0
    python scripts/generate_locales.py /tmp/cldr/node_modules

The source is the Unicode Consortium's own JSON of CLDR (the cldr-json packages, resolved per
locale). Babel, the issue's suggestion, was tried first: its newest release ships CLDR 49 and the
one before it CLDR 47, and each version step changes output Node users see (de-AT's and fr-CH's
digit grouping, Spanish ordinals, en-CA's and tr's dates); its import also takes CLDR's ASCII
alternates for time patterns and misses some inherited day periods (en-IN's "am").

Writes pytest_jsgrade/sandbox/js/data/locale-*.js (one library per locale, compiled only when a
case asks for that locale) and data/intl-meta.js (the locale list, currency digits, versions). The
files are committed; the package never reads CLDR itself. Each file is ASCII (\\uXXXX escapes), as
every sandbox library must be.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent.parent / "pytest_jsgrade" / "sandbox" / "js" / "data"
LOCALES = ["en", "en-GB", "en-AU", "en-CA", "en-IN", "de", "de-AT", "de-CH", "fr", "fr-CA", "fr-CH", "es", "es-MX", "it",
           "nl", "pt", "pt-PT", "sv", "da", "nb", "fi", "pl", "cs", "ru", "uk", "tr", "el", "ja", "zh", "zh-Hant", "ko", "hi",
           "id", "vi", "he"]
CURRENCIES = ["USD", "EUR", "GBP", "JPY", "CNY", "INR", "CAD", "AUD", "CHF", "SEK", "NOK", "DKK", "PLN", "CZK", "RUB", "TRY",
              "BRL", "MXN", "KRW", "ZAR", "NZD", "HKD", "SGD", "ILS", "THB", "IDR", "VND", "UAH", "HUF", "RON", "AED", "SAR",
              "EGP", "NGN", "KES", "ARS", "CLP", "COP", "PHP", "TWD", "BTC"]
UNITS = ["year", "quarter", "month", "week", "day", "hour", "minute", "second"]
DAYS = {"mon": "0", "tue": "1", "wed": "2", "thu": "3", "fri": "4", "sat": "5", "sun": "6"}  # Monday first


def load(root: Path, package: str, *parts: str) -> Any:
    return json.loads((root / package / Path(*parts)).read_text(encoding="utf-8"))


def standard(table: dict[str, Any]) -> dict[str, Any]:
    """A CLDR JSON table without its alternates (-alt-ascii, -alt-variant, ...)."""
    return {k: v for k, v in table.items() if "-alt-" not in k}


def counted(table: dict[str, Any], prefix: str) -> dict[str, str]:
    """{'one': ..., 'other': ...} from keys such as 'relativeTimePattern-count-one'."""
    return {k[len(prefix):]: v for k, v in table.items() if k.startswith(prefix) and "-alt-" not in k}


def plural_js(rules: dict[str, str]) -> str:
    """A CLDR plural rule set as a JS function of the operands (n, i, v, w, f, t, e)."""
    cases = []
    for key, text in rules.items():
        tag = key.rsplit("-", 1)[1]
        if tag != "other":
            cases.append(f"if ({condition_js(text)}) return {json.dumps(tag)};")
    return "function (n, i, v, w, f, t, e) { " + " ".join(cases) + ' return "other"; }'


def condition_js(text: str) -> str:
    text = text.split("@")[0].strip()
    ors = []
    for alternative in text.split(" or "):
        ands = []
        for relation in alternative.split(" and "):
            match = re.fullmatch(r"\s*([niftvwec])\s*(?:%\s*(\d+))?\s*(=|!=)\s*(.+?)\s*", relation)
            if not match:
                raise ValueError(relation)
            operand, mod, op, ranges = match.groups()
            operand = {"c": "e"}.get(operand, operand)
            expr = f"({operand} % {mod})" if mod else operand
            tests = []
            for part in ranges.split(","):
                if ".." in part:
                    low, high = part.split("..")
                    tests.append(f"({expr} >= {low} && {expr} <= {high} && {expr} % 1 === 0)")
                else:
                    tests.append(f"{expr} === {part}")
            joined = "(" + " || ".join(tests) + ")"
            ands.append(f"!{joined}" if op == "!=" else joined)
        ors.append("(" + " && ".join(ands) + ")")
    return " || ".join(ors)


def compact_table(formats: dict[str, Any]) -> dict[str, dict[str, str]]:
    """{'other': {'1000': '0K', ...}, 'one': {...}} from keys such as '1000-count-one'."""
    table: dict[str, dict[str, str]] = {}
    for key, pattern in formats.items():
        if "-alt-" in key:
            continue
        magnitude, _, plural = key.partition("-count-")
        table.setdefault(plural, {})[magnitude] = pattern
    return table


def number_data(root: Path, tag: str) -> dict[str, Any]:
    n = load(root, "cldr-numbers-full", "main", tag, "numbers.json")["main"][tag]["numbers"]
    ns = n["defaultNumberingSystem"]
    currencies = load(root, "cldr-numbers-full", "main", tag, "currencies.json")["main"][tag]["numbers"]["currencies"]
    cur = n[f"currencyFormats-numberSystem-{ns}"]
    dec = n[f"decimalFormats-numberSystem-{ns}"]
    return {
        "numbering": ns,
        "symbols": standard(n[f"symbols-numberSystem-{ns}"]),
        "minGrouping": int(n["minimumGroupingDigits"]),
        "decimal": dec["standard"],
        "percent": n[f"percentFormats-numberSystem-{ns}"]["standard"],
        "currency": {"standard": cur["standard"], "accounting": cur["accounting"]},
        "compact": {"short": compact_table(dec["short"]["decimalFormat"]), "long": compact_table(dec["long"]["decimalFormat"])},
        "compactCurrency": {"short": compact_table(cur["short"]["standard"])} if "short" in cur else {},
        "currencySymbols": {c: currencies[c].get("symbol", c) for c in CURRENCIES if c in currencies},
        "currencyNarrow": {c: currencies[c].get("symbol-alt-narrow", currencies[c].get("symbol", c)) for c in CURRENCIES if c in currencies},
        "currencyNames": {c: {**counted(currencies[c], "displayName-count-"), "display": currencies[c].get("displayName", c)}
                          for c in CURRENCIES if c in currencies},
        "currencyUnit": counted(cur, "unitPattern-count-"),
    }


def list_data(root: Path, tag: str) -> dict[str, Any]:
    lists = load(root, "cldr-misc-full", "main", tag, "listPatterns.json")["main"][tag]["listPatterns"]
    return {"lists": {k[len("listPattern-type-"):]: v for k, v in lists.items()}}


def relative_data(root: Path, tag: str) -> dict[str, Any]:
    fields = load(root, "cldr-dates-full", "main", tag, "dateFields.json")["main"][tag]["dates"]["fields"]
    found: dict[str, Any] = {}
    for unit in UNITS:
        previous = None
        for suffix in ("", "-short", "-narrow"):
            f = fields.get(unit + suffix)
            if f is None:
                continue
            entry = {
                "future": counted(f["relativeTime-type-future"], "relativeTimePattern-count-"),
                "past": counted(f["relativeTime-type-past"], "relativeTimePattern-count-"),
                "named": {k[len("relative-type-"):]: v for k, v in f.items() if k.startswith("relative-type-")},
            }
            if entry != previous:  # a width the same as the wider one is left out (the sandbox falls back)
                found[unit + suffix] = entry
            previous = entry
    return {"relative": found}


def date_data(root: Path, tag: str) -> dict[str, Any]:
    g = load(root, "cldr-dates-full", "main", tag, "ca-gregorian.json")["main"][tag]["dates"]["calendars"]["gregorian"]
    zones = load(root, "cldr-dates-full", "main", tag, "timeZoneNames.json")["main"][tag]["dates"]["timeZoneNames"]
    utc = zones.get("zone", {}).get("Etc", {}).get("UTC", {})
    days = {ctx: {width: {DAYS[k]: v for k, v in names.items()} for width, names in widths.items()} for ctx, widths in g["days"].items()}
    eras = {"abbreviated": standard(g["eras"]["eraAbbr"]), "wide": standard(g["eras"]["eraNames"]), "narrow": standard(g["eras"]["eraNarrow"])}
    glue = g["dateTimeFormats"]
    return {
        "months": same_as_format(g["months"]),
        "days": same_as_format(days),
        # am and pm only: the sandbox has no flexible day periods ("in the evening")
        "periods": {ctx: {w: {k: v for k, v in standard(names).items() if k in ("am", "pm")} for w, names in widths.items()}
                    for ctx, widths in g["dayPeriods"].items() if ctx == "format"},
        "eras": eras,
        "dateFormats": standard(g["dateFormats"]),
        "timeFormats": standard(g["timeFormats"]),
        "dateTimeFormats": {k: glue[k] for k in ("full", "long", "medium", "short")},
        "dateTimeAt": standard(g.get("dateTimeFormats-atTime", {}).get("standard", {})),
        "skeletons": {k: v for k, v in standard(glue["availableFormats"]).items() if "-count-" not in k},
        "zones": {"utcLong": utc.get("long", {}).get("standard"), "utcShort": utc.get("short", {}).get("standard"),
                  "gmt": zones["gmtFormat"], "gmtZero": zones["gmtZeroFormat"], "hour": zones["hourFormat"]},
    }


def same_as_format(table: dict[str, Any]) -> dict[str, Any]:
    """Month or day names without the stand-alone widths that equal the format ones (the sandbox falls back)."""
    alone = {w: names for w, names in table.get("stand-alone", {}).items() if names != table["format"].get(w)}
    return {"format": table["format"], **({"stand-alone": alone} if alone else {})}


def plural_rules(table: dict[str, Any], tag: str) -> dict[str, str]:
    rules: dict[str, str] = table.get(tag) or table[tag.split("-")[0]]
    return rules


def js_text(data: dict[str, Any], functions: dict[str, str]) -> str:
    body = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    extra = "".join(f",{json.dumps(k)}:{v}" for k, v in functions.items())
    return f'(function (K, H) {{ "use strict"; return {body[:-1]}{extra}}}; }})\n'


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    root = Path(sys.argv[1])
    versions = {p: load(root, p, "package.json")["version"] for p in ("cldr-core", "cldr-numbers-full", "cldr-dates-full", "cldr-misc-full")}
    cardinals = load(root, "cldr-core", "supplemental", "plurals.json")["supplemental"]["plurals-type-cardinal"]
    ordinals = load(root, "cldr-core", "supplemental", "ordinals.json")["supplemental"]["plurals-type-ordinal"]
    fractions = load(root, "cldr-core", "supplemental", "currencyData.json")["supplemental"]["currencyData"]["fractions"]
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("locale-*.js"):
        old.unlink()
    for tag in LOCALES:
        data = {"id": tag, **number_data(root, tag), **list_data(root, tag), **relative_data(root, tag), **date_data(root, tag)}
        functions = {"plural": plural_js(plural_rules(cardinals, tag)), "ordinal": plural_js(plural_rules(ordinals, tag))}
        (OUT / f"locale-{tag}.js").write_text(js_text(data, functions), encoding="ascii")
    meta = {
        "cldr": versions["cldr-core"],
        "packages": versions,
        "locales": LOCALES,
        "currencyDigits": {c: int(fractions.get(c, fractions["DEFAULT"])["_digits"]) for c in CURRENCIES},
    }
    (OUT / "intl-meta.js").write_text(js_text(meta, {}), encoding="ascii")
    print(f"wrote {len(LOCALES)} locales from CLDR {meta['cldr']} to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
