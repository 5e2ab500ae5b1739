"""The completion report as files: a bar chart (PNG) and a workbook (.xlsx).

Both are CPU work for big organisations, so callers run them off the event loop. The chart
needs a font with Chinese glyphs: a system one if installed (Noto CJK, Source Han, WenQuanYi,
the Windows and macOS ones), else the Noto Sans CJK that the `mplfonts` package ships; with
none, there is no chart rather than one of empty boxes. Nothing is downloaded at run time.
"""

from __future__ import annotations

import io
import logging
from functools import cache
from pathlib import Path

from handlers import texts
from knowledge.computation.progress import EVERYONE, ProgressReport, done_in, requirements_of

log = logging.getLogger(__name__)
SYSTEM_FONTS = ("Noto Sans CJK TC", "Noto Sans TC", "Source Han Sans TW", "Noto Sans CJK JP",
                "Noto Sans CJK SC", "WenQuanYi Zen Hei", "Microsoft JhengHei", "PingFang TC",
                "AR PL UMing TW")
MAX_CHART_UNITS = 15
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@cache
def chinese_font() -> Path | None:
    """A font file that has Chinese glyphs, or None."""
    from matplotlib import font_manager

    for family in SYSTEM_FONTS:
        try:
            found = font_manager.findfont(font_manager.FontProperties(family=family),
                                          fallback_to_default=False)
            return Path(found)
        except ValueError:
            continue
    try:
        import mplfonts  # type: ignore[import-untyped]
    except ImportError:
        return None
    shipped = Path(mplfonts.__file__).parent / "fonts" / "NotoSansCJKsc-Regular.otf"
    return shipped if shipped.is_file() else None


def chart_png(report: ProgressReport) -> bytes | None:
    """Completion share by category, one group of bars per unit (the largest units first,
    everyone at the top); None when no Chinese font is available."""
    font = chinese_font()
    if font is None:
        log.warning("no font with Chinese glyphs found; the progress chart is skipped")
        return None
    from matplotlib import font_manager
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    font_manager.fontManager.addfont(str(font))
    family = font_manager.FontProperties(fname=str(font)).get_name()
    units = sorted(report.units, key=lambda u: -u.people)[:MAX_CHART_UNITS]
    rows = [report.overall, *sorted(units, key=lambda u: u.unit)]
    categories = report.categories
    figure = Figure(figsize=(9, 1.2 + 0.55 * len(rows) * max(1, len(categories)) / 2.5), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    height = 0.8 / max(1, len(categories))
    for n, category in enumerate(categories):
        shares = [100 * row.share(category) for row in rows]
        positions = [i + n * height for i in range(len(rows))]
        axes.barh(positions, shares, height=height, label=category)
    axes.set_yticks([i + 0.4 - height / 2 for i in range(len(rows))],
                    [f"{r.unit}（{r.people}）" for r in rows], fontfamily=family)
    axes.invert_yaxis()
    axes.set_xlim(0, 100)
    axes.set_xlabel(texts.PROGRESS_CHART_AXIS, fontfamily=family)
    axes.set_title(f"{report.year} {texts.PROGRESS_CHART_CAPTION}", fontfamily=family)
    axes.legend(prop={"family": family}, loc="lower right", fontsize=8)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()


def safe_cell(value: object) -> object:
    """Text that a spreadsheet would run as a formula is quoted; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _sheet_title(name: str, used: set[str]) -> str:
    """Excel: at most 31 characters, none of []:*?/\\, unique."""
    base = "".join("_" if ch in "[]:*?/\\" else ch for ch in name).strip("'") or "-"
    title, n = base[:31], 2
    while title in used:
        suffix = f"~{n}"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(title)
    return title


def workbook(report: ProgressReport) -> bytes:
    """A summary sheet (one row per unit and everyone), then one sheet per unit listing each
    person's hours done and missing per category."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    categories = report.categories
    needs = requirements_of(report.rules)
    used: set[str] = set()
    summary = book.create_sheet(_sheet_title(texts.XLSX_SUMMARY, used))
    summary.append([*texts.XLSX_SUMMARY_HEAD,
                    *(h for c in categories for h in (texts.XLSX_MET.format(category=c),
                                                      texts.XLSX_SHARE.format(category=c)))])
    for row in (report.overall, *report.units):
        summary.append([safe_cell(row.unit), row.people, row.complete, round(row.share(), 4),
                        *(v for c in categories for v in (row.met.get(c, 0),
                                                          round(row.share(c), 4)))])
    by_unit: dict[str, list] = {}
    for person in report.people:
        by_unit.setdefault(person.unit, []).append(person)
    for unit in report.units:
        sheet = book.create_sheet(_sheet_title(unit.unit or EVERYONE, used))
        sheet.append([*texts.XLSX_PERSON_HEAD,
                      *(h for c in categories for h in (texts.XLSX_DONE.format(category=c),
                                                        texts.XLSX_MISSING.format(category=c))),
                      texts.XLSX_COMPLETE])
        for person in by_unit.get(unit.unit, []):
            done = [done_in(person, c) for c in categories]
            missing = [round(max(0.0, needs[c] - d), 2) for c, d in zip(categories, done,
                                                                       strict=True)]
            sheet.append([safe_cell(person.employee_id), safe_cell(person.name),
                          *(v for pair in zip(done, missing, strict=True) for v in pair),
                          texts.XLSX_YES if not any(missing) else texts.XLSX_NO])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
