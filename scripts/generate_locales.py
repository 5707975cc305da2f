"""Generates the sandbox's Intl locale data from CLDR, through Babel (which ships CLDR).

    pip install "babel==2.19.0" && python scripts/generate_locales.py

Writes pytest_jsgrade/sandbox/js/data/locale-*.js (one library per locale, compiled only when
a case asks for that locale) and data/intl-meta.js (the locale list, currency digits, versions).
The files are committed; the package never imports Babel. Each file is ASCII (\\uXXXX escapes),
as every sandbox library must be.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import babel
from babel import Locale
from babel.core import get_cldr_version
from babel.numbers import get_currency_precision

OUT = Path(__file__).resolve().parent.parent / "pytest_jsgrade" / "sandbox" / "js" / "data"
LOCALES = ["en", "en-GB", "en-AU", "en-CA", "en-IN", "de", "de-AT", "de-CH", "fr", "fr-CA", "es", "es-MX", "it",
           "nl", "pt", "pt-PT", "sv", "da", "nb", "fi", "pl", "cs", "ru", "uk", "tr", "el", "ja", "zh", "zh-Hant", "ko", "hi",
           "id", "vi", "he"]
CURRENCIES = ["USD", "EUR", "GBP", "JPY", "CNY", "INR", "CAD", "AUD", "CHF", "SEK", "NOK", "DKK", "PLN", "CZK", "RUB", "TRY",
              "BRL", "MXN", "KRW", "ZAR", "NZD", "HKD", "SGD", "ILS", "THB", "IDR", "VND", "UAH", "HUF", "RON", "AED", "SAR",
              "EGP", "NGN", "KES", "ARS", "CLP", "COP", "PHP", "TWD", "BTC"]
# CLDR's minimumGroupingDigits, which Babel does not carry (numbers.json of each locale).
MIN_GROUPING = {"es": 2, "it": 2, "pl": 2, "pt-PT": 2}
UNITS = ["year", "quarter", "month", "week", "day", "hour", "minute", "second"]


def plural_js(rule: Any) -> str:
    """A CLDR plural rule set as a JS function of the operands (n, i, v, w, f, t, e)."""
    cases = []
    for tag, text in rule.rules.items():
        if tag == "other":
            continue
        cases.append(f"if ({condition_js(text)}) return {json.dumps(tag)};")
    return "function (n, i, v, w, f, t, e) { " + " ".join(cases) + ' return "other"; }'


def condition_js(text: str) -> str:
    text = text.split("@")[0].strip()
    ors = []
    for alternative in text.split(" or "):
        ands = []
        for relation in alternative.split(" and "):
            match = re.fullmatch(r"\s*([niftvwec])\s*(?:(?:%|mod)\s*(\d+))?\s*(=|!=|is not|is|not in|in|within)\s*(.+?)\s*", relation)
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
            ands.append(f"!{joined}" if op in ("!=", "is not", "not in") else joined)
        ors.append("(" + " && ".join(ands) + ")")
    return " || ".join(ors)


def plain(value: Any) -> Any:
    if hasattr(value, "pattern") and not isinstance(value, str):
        return value.pattern
    if hasattr(value, "keys"):
        return {str(k): plain(value[k]) for k in value.keys()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def relative(data: Any) -> dict[str, Any]:
    found = {}
    for unit in UNITS:
        for width, suffix in (("long", ""), ("short", "-short"), ("narrow", "-narrow")):
            key = unit + suffix
            if key in data["date_fields"]:
                found[f"{unit}{suffix}"] = plain(data["date_fields"][key])
    return found


def locale_data(tag: str) -> dict[str, Any]:
    loc = Locale.parse(tag, sep="-")
    d = loc._data
    ns = loc.default_numbering_system
    symbols = plain(loc.number_symbols[ns])
    compact = {width: plain(v) for width, v in loc.compact_decimal_formats.items()}
    compact_currency = {width: plain(v) for width, v in loc.compact_currency_formats.items()} if "compact_currency_formats" in d else {}
    return {
        "id": tag,
        "numbering": ns,
        "digits": None if ns == "latn" else "".join(str(x) for x in range(10)),
        "symbols": {k: symbols[k] for k in ("decimal", "group", "percentSign", "plusSign", "minusSign", "exponential", "infinity", "nan",
                                            "approximatelySign") if k in symbols},
        "minGrouping": MIN_GROUPING.get(tag, 1),
        "decimal": loc.decimal_formats[None].pattern,
        "percent": loc.percent_formats[None].pattern,
        "currency": plain(loc.currency_formats),
        "compact": compact,
        "compactCurrency": compact_currency,
        "currencySymbols": {c: d["currency_symbols"][c] for c in CURRENCIES if c in d["currency_symbols"]},
        "currencyNames": {c: plain(d["currency_names_plural"][c]) for c in CURRENCIES if c in d["currency_names_plural"]},
        "currencyUnit": plain(d["currency_unit_patterns"]),
        "lists": plain(loc.list_patterns),
        "relative": relative(d),
        "months": plain(loc.months),
        "days": plain(loc.days),
        "periods": plain(loc.day_periods),
        "eras": plain(loc.eras),
        "dateFormats": plain(loc.date_formats),
        "timeFormats": plain(loc.time_formats),
        "dateTimeFormats": plain(loc.datetime_formats),
        "skeletons": plain(loc.datetime_skeletons),
    }


def js_text(data: dict[str, Any], functions: dict[str, str]) -> str:
    body = json.dumps(data, ensure_ascii=True, separators=(",", ":"), sort_keys=False)
    extra = "".join(f",{json.dumps(k)}:{v}" for k, v in functions.items())
    return f'(function (K, H) {{ "use strict"; return {body[:-1]}{extra}}}; }})\n'


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("locale-*.js"):
        old.unlink()
    for tag in LOCALES:
        loc = Locale.parse(tag, sep="-")
        text = js_text(locale_data(tag), {"plural": plural_js(loc.plural_form), "ordinal": plural_js(loc.ordinal_form)})
        (OUT / f"locale-{tag}.js").write_text(text, encoding="ascii")
    meta = {
        "cldr": str(get_cldr_version()),
        "babel": babel.__version__,
        "locales": LOCALES,
        "currencyDigits": {c: get_currency_precision(c) for c in CURRENCIES},
    }
    (OUT / "intl-meta.js").write_text(js_text(meta, {}), encoding="ascii")
    print(f"wrote {len(LOCALES)} locales from CLDR {meta['cldr']} (Babel {meta['babel']}) to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
