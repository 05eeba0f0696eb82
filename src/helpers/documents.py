"""Show a primary document: its excerpt, quoted exactly, under the header a historian needs.

One job: present documents. The header (who, to whom, when, what kind, archive reference,
translator, source) comes from ``data/documents.csv``; the text from
``data/documents/<document_id>.txt``, where each section starts with a ``[label]`` line naming its
language and translator. Nothing here writes into ``data/``.

Why our own renderer: the output has to be a screen-reader-friendly HTML block (a heading, a
``<dl>`` for the header, ``<blockquote>`` with a ``lang`` attribute for each passage, long or
original-language passages folded in ``<details>``) with a plain-text twin for text-only front
ends, and stay byte-identical between runs for strict nbval. That is a dozen lines of HTML, not a
dependency.

In a language edition (:mod:`helpers.i18n`) the reader's language comes first: an original in
that language (a Russian document in the Russian edition) is shown open, and the English folded;
where the course holds no text in that language, the course's translation of the English passage
(the ``data`` catalog) is shown, labelled as a translation of the English translation (or of the
English original), never as the original. The header speaks the edition's language, and the
Dari edition gives the Solar Hijri date beside the Gregorian one.

>>> doc = show_document("Politburo_1979_03_17")
>>> doc.document_id
'politburo_1979_03_17'
>>> "<blockquote" in doc._repr_html_() and "<dl" in doc._repr_html_()
True
>>> print(repr(doc).splitlines()[0])
Politburo on the Herat rising: Gromyko's report
>>> show_document("andropov_memo")
Traceback (most recent call last):
...
helpers.names.UnknownNameError: There is no document called "andropov_memo". Did you mean ...
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from . import i18n
from .data import DataError, data_dir, load_table
from .i18n import N_, NP_, _, n_
from .names import resolve_name

_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]
# the month after a day ("31 August 1907"; Russian genitive «августа»), marked for the catalog
# here because the code translates it from a variable: p_("day", _MONTHS[...])
_DAY_MONTHS = [NP_("day", "January"), NP_("day", "February"), NP_("day", "March"),
               NP_("day", "April"), NP_("day", "May"), NP_("day", "June"), NP_("day", "July"),
               NP_("day", "August"), NP_("day", "September"), NP_("day", "October"),
               NP_("day", "November"), NP_("day", "December")]
HEADER = (N_("Who"), N_("To whom"), N_("When"), N_("Kind"), N_("Archive reference"),
          N_("Translation"), N_("Source"), N_("Licence"), N_("Perspective"))
KINDS = {"treaty": N_("treaty"), "transcript": N_("transcript"), "memorandum": N_("memorandum"),
         "speech": N_("speech"), "resolution": N_("resolution"), "ruling": N_("ruling"),
         "statement": N_("statement"), "report": N_("report"), "letter": N_("letter")}
TRANSLATED = {"documents": ("title", "author", "addressee", "date_note", "translation",
                            "perspective")}
FROM_TRANSLATION = N_("The course's translation of the English translation below: not the "
                      "original")
FROM_ORIGINAL = N_("The course's translation of the English original below")
ORIGINAL_TEXT = N_("Original text")
_LABEL = re.compile(r"^\[(?P<label>[^\]]*[A-Za-z][^\]]*)\]\s*$")
FOLD_WORDS = 180
"""An English passage longer than this shows its opening and folds the rest in ``<details>``."""
OPEN_WORDS = 80
"""How much of a long passage stays open: whole paragraphs up to at least this many words."""


@dataclass(frozen=True)
class Section:
    """One passage of an excerpt: its label (language, translator), language code and text."""

    label: str
    language: str
    text: str

    @property
    def words(self) -> int:
        return len(self.text.split())


def document_ids() -> list[str]:
    """The ids of every document in ``data/documents.csv``.

    >>> "geneva_accords_1988" in document_ids()
    True
    """
    return list(load_table("documents").index)


def _known_id(document_id) -> str:
    """The document's id in any capitalisation; UnknownNameError (with "Did you mean") if none,
    the same answer every helper gives for an unknown id (:mod:`helpers.names`)."""
    return resolve_name("document", document_id, document_ids(),
                        _("The documents are listed by {call}.", call=i18n.code("document_ids()")))


def _language(label: str) -> str:
    """The language of a passage, from its label.

    >>> _language("Russian original"), _language("Persian text"), _language("English original")
    ('ru', 'fa', 'en')
    """
    lowered = label.lower()
    if "russian" in lowered:
        return "ru"
    if "persian" in lowered or "dari" in lowered:
        return "fa"
    return "en"


def read_sections(document_id: str) -> list[Section]:
    """The passages of one excerpt file, in file order.

    Raises:
        UnknownNameError: the id is unknown (any capitalisation is accepted).
        DataError: its excerpt file is missing or has no ``[label]`` line.

    >>> [s.language for s in read_sections("lenin_amanullah_1921")]
    ['ru', 'en']
    """
    document_id = _known_id(document_id)
    path = data_dir() / "documents" / f"{document_id}.txt"
    if not path.is_file():
        file = f"data/documents/{document_id}.txt"
        raise DataError(_("{file} is missing; restore it with `{command}`.",
                          file=i18n.code(file), command=i18n.code(f"git checkout -- {file}")))
    return [Section(label, _language(label), "\n".join(lines).strip()) for label, lines in
            _labelled(path.read_text(encoding="utf-8"), f"{document_id}.txt")]


def _labelled(text: str, name: str) -> list[list]:
    """[label, lines] of each passage of an excerpt file's text; DataError names the file."""
    sections: list[list] = []
    for line in text.splitlines():
        match = _LABEL.match(line)
        if match:
            sections.append([match["label"], []])
        elif sections:
            sections[-1][1].append(line)
        elif line.strip():
            raise DataError(_("{file} must start with a [label] line.",
                              file=i18n.code(f"data/documents/{name}")))
    if not sections:
        raise DataError(_("{file} has no [label] line.", file=i18n.code(f"data/documents/{name}")))
    return sections


def format_date(day, precision: str) -> str:
    """A document date as a reader says it, to its precision.

    >>> import datetime
    >>> format_date(datetime.date(1979, 12, 1), "month")
    'December 1979'
    >>> format_date(datetime.date(1907, 8, 31), "day")
    '31 August 1907'
    """
    if i18n.language() != "en":
        return _edition_date(day, precision)
    if precision == "year":
        return str(day.year)
    month = f"{_MONTHS[day.month - 1]} {day.year}"
    return month if precision == "month" else f"{day.day} {month}"


def _edition_date(day, precision: str) -> str:
    """A document date in an edition: the month named in its language (``p_("day", ...)`` for
    the form after a day, e.g. Russian genitive), and in Dari the Solar Hijri date beside it."""
    year = i18n.number(day.year, group=False)
    month = _MONTHS[day.month - 1]
    if precision == "year":
        text = year
    elif precision == "month":
        text = _("{month} {year}", month=_(month), year=year)
    else:
        text = _("{day} {month} {year}", day=i18n.number(day.day),
                 month=i18n.p_("day", _DAY_MONTHS[day.month - 1]), year=year)
    if i18n.language() == "fa":
        from .calendars import solar_hijri_text

        text += f" ({solar_hijri_text(day, precision)})"
    return text


_CYRILLIC = re.compile(r"[\u0400-\u04FF][\u0400-\u04FF\s.,:;«»()\-–—0-9]*[\u0400-\u04FF»)]")


def _tag_russian(escaped: str) -> str:
    """Mark runs of Cyrillic (e.g. a Russian title in a citation) so screen readers switch voice.

    >>> _tag_russian("Pravda, Россия официально, 2025")
    'Pravda, <span lang="ru">Россия официально</span>, 2025'
    """
    return _CYRILLIC.sub(lambda m: f'<span lang="ru">{m.group(0)}</span>', escaped)


def _quote(language: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)
    known = i18n.LANGUAGES.get(language)
    attributes = f'lang="{known.tag if known else language}"'
    if known and known.direction == "rtl":
        attributes += ' dir="rtl"'
        return f'<blockquote {attributes} style="margin:0.4em 1em 0.8em 0">{body}</blockquote>'
    return f'<blockquote {attributes} style="margin:0.4em 0 0.8em 1em">{body}</blockquote>'


def _passage_html(section: Section, reader: str = "en") -> str:
    """One passage: a passage in another language than the reader's folded whole; a long one in
    the reader's language shows its opening paragraphs (at least ``OPEN_WORDS`` words) and folds
    the rest; shorter ones are shown whole."""
    label = html.escape(section.label)
    paragraphs = re.split(r"\n\s*\n", section.text)
    if section.language != reader:
        words = n_("{n} word", "{n} words", section.words)
        return (f"<details><summary>{label} ({words})</summary>"
                f"{_quote(section.language, paragraphs)}</details>")
    heading = f'<p style="margin-bottom:0"><strong>{label}</strong></p>'
    shown, words = 0, 0
    while shown < len(paragraphs) and words < OPEN_WORDS:
        words += len(paragraphs[shown].split())
        shown += 1
    if section.words <= FOLD_WORDS or shown == len(paragraphs):
        return heading + _quote(reader, paragraphs)
    rest = section.words - words
    more = n_("Read the rest of this passage ({n} more word)",
              "Read the rest of this passage ({n} more words)", rest)
    return (heading + _quote(reader, paragraphs[:shown])
            + f"<details><summary>{html.escape(more)}</summary>"
            f"{_quote(reader, paragraphs[shown:])}</details>")


def _citation(source_id: str, sources) -> str:
    row = sources.loc[source_id]
    parts = [row["author"], row["title"], row["publisher"], row["year"]]
    return ", ".join(str(p) for p in parts if isinstance(p, str) and p)


@dataclass(frozen=True)
class Document:
    """A document ready to show: header fields and passages. Display it by leaving it last in a
    cell (JupyterLab shows the HTML; text front ends show ``repr``)."""

    document_id: str
    title: str
    header: tuple[tuple[str, str], ...]
    sections: tuple[Section, ...]
    heading_level: int = 3
    reader: str = "en"  # the language of the edition it is shown in

    def _reading_order(self) -> list[Section]:
        """Passages in the reader's language first (in file order), then the others: in English,
        the English passages, then the originals they translate."""
        return ([s for s in self.sections if s.language == self.reader]
                + [s for s in self.sections if s.language != self.reader])

    def _repr_html_(self) -> str:
        esc = html.escape
        level = self.heading_level
        rows = "".join(f"<dt>{esc(k)}</dt><dd>{_tag_russian(esc(v))}</dd>"
                       for k, v in self.header)
        blocks = [_passage_html(section, self.reader) for section in self._reading_order()]
        attributes = i18n.html_attributes() if self.reader != "en" else ""
        return (f'<section class="document"{attributes} '
                f'aria-labelledby="doc-{self.document_id}">'
                f'<h{level} id="doc-{self.document_id}">{esc(self.title)}</h{level}>'
                f'<dl style="display:grid;grid-template-columns:max-content 1fr;'
                f'column-gap:1em;margin:0">{rows}</dl>{"".join(blocks)}</section>')

    def __repr__(self) -> str:
        lines = [self.title, "=" * len(self.title)]
        lines += [f"{k}: {v}" for k, v in self.header]
        for section in self._reading_order():
            lines += ["", f"[{section.label}]", section.text]
        return "\n".join(lines)

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(repr(self))


def show_document(document_id: str, heading_level: int = 3) -> Document:
    """A primary document with its header, ready to display in a notebook.

    Args:
        document_id: an id from ``data/documents.csv`` (any case), e.g. ``"geneva_accords_1988"``.
        heading_level: the HTML heading level of the document's title (3 under a ``##`` section).

    Returns:
        A :class:`Document`; as a cell's last value it shows as HTML (heading, ``<dl>`` header,
        ``<blockquote lang=...>`` passages, original-language and long passages folded in
        ``<details>``), and as plain text where HTML cannot be shown.

    Raises:
        DataError: unknown id (with a "Did you mean ...?" hint), or a missing excerpt file.

    >>> dict(show_document("unsc_resolution_1267_1999").header)["Archive reference"][:19]
    'S/RES/1267 (1999), '
    """
    document_id = _known_id(document_id)
    row = load_table("documents").loc[document_id]
    row = row.copy()
    for column in TRANSLATED["documents"]:  # the edition's words (helpers.i18n)
        row[column] = i18n.data_text("documents", column, row[column])
    sources = load_table("sources")
    when = format_date(row["date"].date(), row["date_precision"])
    if isinstance(row["date_note"], str) and row["date_note"]:
        when += f" ({row['date_note']})"
    source = _citation(row["source_id"], sources)
    if isinstance(row["second_source_id"], str) and row["second_source_id"]:
        source += "; " + _("also:") + " " + _citation(row["second_source_id"], sources)
    kind = _(KINDS[row["kind"]]) if row["kind"] in KINDS else row["kind"]
    values = (row["author"], row["addressee"], when, kind, row["archive_ref"],
              row["translation"], source, row["licence"], row["perspective"])
    header = tuple((_(k), str(v)) for k, v in zip(HEADER, values, strict=True))
    sections = read_sections(document_id)
    reader = i18n.language()
    if reader != "en":
        sections = _in_edition(document_id, sections, reader)
        original = row.get("original_source_id")
        if _held_originals(document_id, reader) and isinstance(original, str) and original:
            header += ((_(ORIGINAL_TEXT), _citation(original, sources)),)
    return Document(document_id, row["title"], header, tuple(sections), heading_level, reader)


_REPLACES = re.compile(r"\s*\|\s*replaces\s+([\d,\s]+)$")


def replaced(labels: list[str], held: list[str], reader: str) -> set[int]:
    """Which English passages (by their index in the excerpt file) an edition in ``reader``
    does not translate, because an original in that language stands for them: every English
    translation in an excerpt file that also holds a ``reader`` passage (the 1907 Convention's
    Article 1), and the passages named by ``| replaces N`` in the labels of
    ``<id>.<reader>.txt`` (``held``).

    >>> replaced(["Russian original", "English translation", "English text"], [], "ru")
    {1}
    >>> replaced(["English translation", "English translation, page 2"],
    ...          ["Russian original of page 1 | replaces 0"], "ru")
    {0}
    """
    out = set()
    if any(_language(label) == reader for label in labels):
        out |= {n for n, label in enumerate(labels)
                if _language(label) == "en" and "translation" in label.lower()}
    for label in held:
        match = _REPLACES.search(label)
        if match:
            out |= {int(n) for n in re.findall(r"\d+", match.group(1))}
    return out


def _held_originals(document_id: str, reader: str) -> list[Section]:
    """The passages of ``<id>.<reader>.txt``, the document in the reader's language (if any)."""
    path = data_dir() / "documents" / f"{document_id}.{reader}.txt"
    if not path.is_file():
        return []
    return [Section(label, reader, "\n".join(lines).strip()) for label, lines in
            _labelled(path.read_text(encoding="utf-8"), f"{document_id}.{reader}.txt")]


def _in_edition(document_id: str, sections: list[Section], reader: str) -> list[Section]:
    """The passages as an edition shows them, labels in its language: the originals in the
    reader's language first (from the excerpt file and ``<id>.<reader>.txt``), then the course's
    translation (``data`` catalog) of each English passage no original stands for, labelled as
    a translation, then the English and other passages (folded). An untranslated passage stays
    as it is (``python -m course translate check`` refuses to ship one)."""
    def label(text: str) -> str:
        return i18n.translate("data", _REPLACES.sub("", text), "documents/labels")

    held = _held_originals(document_id, reader)
    skip = replaced([s.label for s in sections], [s.label for s in held], reader)
    translations = []
    for n, section in enumerate(sections):
        if section.language != "en" or n in skip:
            continue
        text = i18n.translate("data", section.text, f"documents/{document_id}.txt#{n}")
        if text != section.text:
            note = FROM_ORIGINAL if "original" in section.label.lower() else FROM_TRANSLATION
            translations.append(Section(f"{label(section.label)}: {_(note)}", reader, text))
    shown = [Section(label(s.label), s.language, s.text) for s in held + sections]
    originals = [s for s in shown if s.language == reader]
    return originals + translations + [s for s in shown if s.language != reader]
