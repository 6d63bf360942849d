"""The guide teaches the exams its plan uses, true on the training date (issue 15).

Organisations are built on both sides of MS-102's retirement (30 November 2026) and their
PDFs read back: which exam chapters the outline has, what each MD-102 domain section holds,
where other exams are named, and that no maintenance note reaches a learner.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from guide.build import build_guide
from guide.options import BuildOptions
from tests.conftest import BuiltGuide

TENANT = """\
organisation: {{name: Tenant Co}}
training: {{date: {date}}}
team:
  members:
    - {{name: Ann, role: m365-admin, certified: [MD-102]}}
    - {{name: Raj, role: security-admin}}
"""


def build(tmp_path: Path, text: str, *, handouts: bool = False) -> BuiltGuide:
    org = tmp_path / "org.yaml"
    org.write_text(text, encoding="utf-8")
    result = build_guide(org, BuildOptions(output_dir=tmp_path / "out", handouts=handouts))
    return BuiltGuide(result, PdfReader(result.pdf))


def chapters(guide: BuiltGuide) -> list[str]:
    return [item.title for item in guide.reader.outline if not isinstance(item, list)]


@pytest.mark.parametrize(
    ("date", "taught", "not_taught"),
    [
        ("2026-09-01", {"MS-102", "MD-102", "SC-300"}, {"AB-650"}),  # months to prepare
        ("2026-11-28", {"AB-650", "MD-102", "SC-300"}, {"MS-102"}),  # two days: too soon
        ("2026-12-10", {"AB-650", "MD-102", "SC-300"}, {"MS-102"}),  # retired
    ],
)
def test_exam_chapters_follow_the_plan_on_the_date(
    tmp_path: Path, date: str, taught: set[str], not_taught: set[str]
) -> None:
    guide = build(tmp_path, TENANT.format(date=date))
    codes = {
        title.split(":")[0] for title in chapters(guide) if re.match(r"[A-Z]{2}-\d{3}:", title)
    }
    assert codes == taught and not codes & not_taught


def test_each_md102_domain_section_holds_its_own_topics(tmp_path: Path) -> None:
    guide = build(tmp_path, TENANT.format(date="2026-12-10"))
    text = guide.squashed
    chapter = text[text.index("MD-102: Endpoint Administrator Reviewed") :]
    domains = [
        "Prepare infrastructure for devices",
        "Manage and maintain devices",
        "Protect devices",
        "Manage and secure applications",
    ]
    starts = [chapter.index(name + " Weight") for name in domains]
    assert starts == sorted(starts)
    sections = {
        name: chapter[start:end]
        for name, start, end in zip(domains, starts, [*starts[1:], len(chapter)], strict=True)
    }
    assert "Autopilot" in sections["Manage and maintain devices"]
    assert "Enrollment Status Page" in sections["Manage and maintain devices"]
    assert "LAPS" in sections["Prepare infrastructure for devices"]
    assert "Conditional Access" in sections["Prepare infrastructure for devices"]
    assert "Autopatch" in sections["Protect devices"]
    assert "Hotpatch" in sections["Protect devices"]
    assert "Autopilot" not in sections["Prepare infrastructure for devices"]


def test_a_device_only_team_meets_other_exams_only_in_where_to_go_next(tmp_path: Path) -> None:
    org = "organisation: {name: Devices Ltd}\ntraining: {date: 2026-12-07}\n"
    guide = build(tmp_path, org + "team:\n  roles: {endpoint-admin: 5}\n")
    text = guide.squashed
    assert "both exams" not in text
    start = text.rindex("Where to go next")  # the section, not its contents line
    end = text.index("Chapter", start)
    outside = text[:start] + text[end:]
    assert not re.findall(r"\b(?:MS-102|AB-650|SC-300)\b", outside)
    assert {"AB-650", "SC-300"} <= set(re.findall(r"\b[A-Z]{2}-\d{3}\b", text[start:end]))


def test_no_learner_page_prints_a_file_path_or_a_maintenance_note(tmp_path: Path) -> None:
    guide = build(tmp_path, TENANT.format(date="2026-12-10"), handouts=True)
    handouts = PdfReader(guide.result.pdf.parent / "handouts.pdf")
    trainer = PdfReader(guide.result.pdf.parent / "trainer.pdf")
    learner_text = guide.text + "".join(page.extract_text() for page in handouts.pages)
    for marker in ("has no address", "last reviewed on", ".md", ".yaml", "To check before"):
        assert marker not in learner_text
    trainer_text = "".join(page.extract_text() for page in trainer.pages)
    assert "has no address" in trainer_text  # the trainer edition keeps them


def test_a_handout_gives_a_reason_true_for_its_person(tmp_path: Path) -> None:
    guide = build(tmp_path, TENANT.format(date="2026-12-10"), handouts=True)
    ann = PdfReader(guide.result.pdf.parent / "handouts" / "ann.pdf")
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in ann.pages)
    assert "You already hold MD-102, so your path goes straight on to AB-650." in text
    assert "builds up from device" not in text
    raj = PdfReader(guide.result.pdf.parent / "handouts" / "raj.pdf")
    assert "SC-300" in " ".join(page.extract_text() or "" for page in raj.pages)


#: Official names that keep their English words in a French guide.
PRODUCT_NAMES = re.compile(
    r"Defender for (?:Endpoint|Office 365|Identity|Cloud Apps|Cloud)|App Control for Business"
    r"|Microsoft 365 and AI Services|Identity and Access Administrator|What If"
    r"|Managing and Securing Microsoft 365 Endpoints by using Intune"
)
ENGLISH = set(  # common English words that are not also French ones (on, an, as, or...)
    [
        "the",
        "and",
        "of",
        "to",
        "for",
        "with",
        "is",
        "are",
        "you",
        "your",
        "this",
        "that",
        "from",
        "by",
        "be",
        "it",
        "at",
        "which",
        "their",
        "they",
        "will",
        "can",
        "not",
        "has",
        "have",
        "was",
        "were",
        "when",
        "what",
        "who",
        "how",
        "more",
        "than",
        "each",
        "its",
        "into",
        "these",
    ]
)


def test_a_french_guide_is_in_french(tmp_path: Path) -> None:
    org = "organisation: {name: Équipe Lyon, locale: fr}\ntraining: {date: 2027-01-18}\n"
    guide = build(tmp_path, org + "team: {roles: {m365-admin: 2, security-admin: 1}}\n")
    last = [item for item in guide.reader.outline if not isinstance(item, list)][-1]
    appendix = guide.reader.get_destination_page_number(last)  # the sources
    pages = (guide.page_text(index) for index in range(appendix))  # source titles stay English
    body = re.sub(r"\u2010\s+", "", " ".join(pages))  # words hyphenated across lines, whole
    body = re.sub(r"\([^)]*\)", "", body)  # the official English name beside a French one
    words = re.findall(r"[A-Za-z']+", PRODUCT_NAMES.sub("", body))
    english = [word for word in words if word.lower() in ENGLISH]
    assert len(words) > 5000
    assert len(english) <= len(words) // 1000, english  # near zero: under one in a thousand
    assert "Plan de certification Microsoft" in guide.text  # the default title, in French
