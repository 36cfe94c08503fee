from .activities import Activity
from .honours import Honour
from .meetings import Attendance, Meeting
from .plans import StudyPlan, StudyPlanItem
from .rules import ComplianceRule
from .tallies import MonthTally

__all__ = [
    "Activity",
    "Attendance",
    "ComplianceRule",
    "Honour",
    "Meeting",
    "MonthTally",
    "StudyPlan",
    "StudyPlanItem",
]
