"""The report's figures as sentences, one list per block (see models.BLOCKS).

Sentences are written for Chinese (the PDF is always rendered in Chinese); the English
source strings serve the English preview. A block with nothing to say gives no sentence.
"""

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from activities.models import Honour, Meeting
from core.templatetags.ledger import percent
from responsibilities.models import Responsibility

Kind = Meeting.Kind
# The kinds in the order the case studies list them.
HONOUR_ORDER = [
    Honour.Kind.QC_RESULT,
    Honour.Kind.PATENT,
    Honour.Kind.PAPER,
    Honour.Kind.LETTER,
    Honour.Kind.BANNER,
    Honour.Kind.MEDAL,
    Honour.Kind.CERTIFICATE,
    Honour.Kind.OTHER,
]
ACHIEVEMENTS = {Honour.Kind.QC_RESULT, Honour.Kind.PATENT, Honour.Kind.PAPER}
LEVEL_ORDER = ["", *Honour.Level.values]
# Meetings named in the first sentence, in the order the case studies list them.
REGULAR = [Kind.GENERAL, Kind.COMMITTEE, Kind.GROUP]
POST_PHRASES = {
    Responsibility.Kind.PIONEER_POST: lambda n: _("%(count)s pioneer posts") % {"count": n},
    Responsibility.Kind.RESPONSIBILITY_ZONE: lambda n: (
        _("%(count)s responsibility zones") % {"count": n}
    ),
    Responsibility.Kind.VANGUARD_TEAM: lambda n: _("%(count)s vanguard teams") % {"count": n},
    Responsibility.Kind.COMMANDO_TEAM: lambda n: _("%(count)s commando teams") % {"count": n},
}


def listing(parts):
    return pgettext("enumeration", ", ").join(parts)


def end():
    return pgettext("end of sentence", ".")


def area(square_metres):
    """13800 → 1.38万平方米, the way Chinese reports give areas."""
    if square_metres >= 10000:
        number = f"{square_metres / 10000:.2f}".rstrip("0").rstrip(".")
        return _("%(number)s ten-thousand m²") % {"number": number}
    return _("%(number)s m²") % {"number": f"{square_metres:,.0f}"}


def overview(figures):
    """一、整体情况: the project, then the branch and its members."""
    branch, members = figures.branch, figures.members
    sentences = []
    if branch["project_name"]:
        if branch["project_location"]:
            facts = _("%(project)s is in %(location)s") % {
                "project": branch["project_name"],
                "location": branch["project_location"],
            }
        else:
            facts = _("The branch serves %(project)s") % {"project": branch["project_name"]}
        if branch["land_area_m2"]:
            facts += _(", with a planned land area of %(area)s") % {
                "area": area(branch["land_area_m2"])
            }
        if branch["floor_area_m2"]:
            facts += _(" and a total floor area of %(area)s") % {
                "area": area(branch["floor_area_m2"])
            }
        sentences.append(facts + end())
    if branch["project_summary"]:
        sentences.append(branch["project_summary"])
    people = {
        "branch": branch["name"],
        "members": members["total"],
        "full": members["full"],
        "probationary": members["total"] - members["full"],
    }
    if branch["founded_on"]:
        people["founded"] = date_format(branch["founded_on"], "YEAR_MONTH_FORMAT")
        if people["probationary"]:
            text = _(
                "%(branch)s was founded in %(founded)s and has %(members)s members: "
                "%(full)s full and %(probationary)s probationary."
            )
        else:
            text = _("%(branch)s was founded in %(founded)s and has %(members)s members.")
    else:
        text = _("%(branch)s has %(members)s members.")
    sentences.append(text % people)
    return sentences


def meetings(figures):
    """What was held, and against the rules what was owed: a branch that held nothing
    still reads which obligations it missed."""
    held = figures.held
    regular = [
        _("%(kind)s %(count)s times") % {"kind": Kind(kind).label, "count": held[kind]}
        for kind in REGULAR
        if held.get(kind)
    ]
    sentences = []
    if regular or held.get(Kind.LECTURE) or held.get(Kind.THEME_DAY):
        sentences.append(
            _(
                "Over the year the branch held %(meetings)s, gave %(lectures)s party lectures and "
                "held %(days)s theme party days; members' average attendance was %(rate)s."
            )
            % {
                "meetings": listing(regular) or "—",
                "lectures": held.get(Kind.LECTURE, 0),
                "days": held.get(Kind.THEME_DAY, 0),
                "rate": percent(figures.attendance_rate),
            }
        )
    # Only what was held: mid-year, "0 democratic appraisals" would read as a failing.
    annual = [
        phrase % {"count": held[kind]}
        for kind, phrase in (
            (Kind.LIFE_MEETING, _("%(count)s organizational life meetings")),
            (Kind.APPRAISAL, _("%(count)s democratic appraisals of members")),
        )
        if held.get(kind)
    ]
    if annual:
        sentences.append(_("It held %(meetings)s.") % {"meetings": listing(annual)})
    if held.get(Kind.TALK):
        sentences.append(
            _("Committee members held %(talks)s heart-to-heart talks with members.")
            % {"talks": held[Kind.TALK]}
        )
    if sum(figures.obligations.values()):
        sentences.append(_obligations(figures))
    return sentences


def _obligations(figures):
    counts = figures.obligations
    total = sum(counts.values())
    if counts["missed"]:
        missed = listing(f"{period}{Kind(kind).label}" for period, kind in figures.missed[:6]) + (
            _(" and others") if len(figures.missed) > 6 else ""
        )
        return _(
            "Against the branch work regulations, %(done)s of the year's %(total)s "
            "obligations were met on time; not met: %(missed)s."
        ) % {"done": counts["done"], "total": total, "missed": missed}
    if counts["due"]:
        return _(
            "Against the branch work regulations, %(done)s of the year's %(total)s "
            "obligations are met so far and %(due)s are still due."
        ) % {"done": counts["done"], "total": total, "due": counts["due"]}
    return _(
        "Against the branch work regulations, all %(total)s obligations of the year were "
        "met on time."
    ) % {"total": total}


def study(figures):
    study = figures.study
    sentences = []
    if study["planned"]:
        sentences.append(
            _(
                "The year's member-education plan set %(planned)s study topics, of which "
                "%(done)s were carried out, %(rate)s of the plan."
            )
            % {
                "planned": study["planned"],
                "done": study["done"],
                "rate": percent(study["done"] / study["planned"]),
            }
        )
    trips, lectures = study["study_trips"], study["invited_lectures"]
    if trips and lectures:
        sentences.append(
            _(
                "Members went out on %(trips)s study visits, and %(lectures)s outside "
                "lecturers were invited in."
            )
            % {"trips": trips, "lectures": lectures}
        )
    elif trips:
        sentences.append(_("Members went out on %(trips)s study visits.") % {"trips": trips})
    elif lectures:
        sentences.append(
            _("%(lectures)s outside lecturers were invited in.") % {"lectures": lectures}
        )
    return sentences


def rectification(figures):
    problems = figures.problems
    if not problems["found"]:
        return []
    values = {**problems, "open": problems["found"] - problems["closed"]}
    values["rate"] = percent(problems["rate"])
    if not values["open"]:
        return [
            _(
                "%(found)s problems were found and listed in a ledger; all have been "
                "rectified and closed, a rectification rate of %(rate)s."
            )
            % values
        ]
    text = (
        _(
            "%(found)s problems were found and listed in a ledger; %(closed)s have been "
            "rectified and closed, a rectification rate of %(rate)s, and %(open)s are being "
            "rectified"
        )
        % values
    )
    if problems["overdue"]:
        text += _(", %(overdue)s of them past their deadline") % values
    return [text + end()]


def posts(figures):
    counts = figures.posts["counts"]
    parts = [POST_PHRASES[kind](count) for kind, count in counts.items() if count]
    sentences = []
    if parts:
        sentences.append(
            _("The branch set up %(list)s, with %(members)s members taking part.")
            % {"list": listing(parts), "members": figures.posts["members"]}
        )
    nodes = figures.nodes
    if nodes["due"]:
        text = _("Of the %(due)s key nodes due in the year, %(on_time)s were met on time") % nodes
        if nodes["late"]:
            text += _(", %(late)s were met late") % nodes
        if nodes["open_late"]:
            text += _(", %(open_late)s are not yet met") % nodes
        sentences.append(text + end())
    return sentences


def safety(figures):
    hazards = figures.safety
    if not hazards["found"]:
        return []
    if hazards["only_hazards"]:
        text = _(
            "Safety checks found %(found)s hazards and %(closed)s were rectified, a "
            "rectification rate of %(rate)s."
        )
    else:
        text = _(
            "Safety checks found %(found)s safety hazards, quality and other problems, and "
            "%(closed)s were rectified, a rectification rate of %(rate)s."
        )
    return [text % {**hazards, "rate": percent(hazards["rate"])}]


def is_achievement(kind, level):
    """QC results, patents and papers, and the client's praise, which is for the
    contract's performance (履约) rather than for the branch's work among residents."""
    return kind in ACHIEVEMENTS or level == Honour.Level.CLIENT


def achievements(figures):
    rows = [row for row in figures.honours if is_achievement(row[0], row[1])]
    sentences = _received(rows)
    if figures.gains:
        sentences.append(
            _("On the schedule: %(list)s.")
            % {"list": pgettext("between clauses", "; ").join(t for t, _d in figures.gains)}
        )
    return sentences


def honours(figures):
    """Letters of commendation, banners, medals and certificates from outside."""
    return _received([row for row in figures.honours if not is_achievement(row[0], row[1])])


def _received(rows):
    rows = sorted(
        rows, key=lambda row: (HONOUR_ORDER.index(row[0]), LEVEL_ORDER.index(row[1]), row[2])
    )
    parts = [
        _("%(level)s%(grade)s%(kind)s %(count)s %(unit)s")
        % {
            "level": Honour.Level(level).label if level else "",
            "grade": grade,
            "kind": Honour.Kind(kind).label,
            "count": quantity,
            "unit": Honour.UNITS[kind],
        }
        for kind, level, grade, quantity in rows
    ]
    if not parts:
        return []
    return [_("The branch received %(list)s.") % {"list": listing(parts)}]


def volunteer(figures):
    values = figures.volunteer
    if not values["count"]:
        return []
    text = (
        _(
            "Members did %(count)s volunteer and practical-help activities, %(participants)s "
            "person-times in all, serving %(served)s people"
        )
        % values
    )
    if values["hours"]:
        text += _(", %(hours)s volunteer hours") % {"hours": f"{values['hours']:g}"}
    return [text + end()]


def joint(figures):
    values = figures.joint
    if not values["count"]:
        return []
    partners = values["partners"]
    names = listing(partners[:3])
    if len(partners) > 3:
        names = _("%(names)s and %(count)s organizations in all") % {
            "names": names,
            "count": len(partners),
        }
    return [
        _("The branch held %(count)s joint activities with %(partners)s.")
        % {"count": values["count"], "partners": names}
    ]


BLOCK_SENTENCES = {
    "meetings": meetings,
    "study": study,
    "rectification": rectification,
    "posts": posts,
    "achievements": achievements,
    "safety": safety,
    "volunteer": volunteer,
    "honours": honours,
    "joint": joint,
}
