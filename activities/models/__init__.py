from .activities import Activity
from .honours import Honour
from .meetings import Attendance, Meeting
from .plans import StudyPlan, StudyPlanItem
from .rules import ComplianceRule

__all__ = [
    "Activity",
    "Attendance",
    "ComplianceRule",
    "Honour",
    "Meeting",
    "StudyPlan",
    "StudyPlanItem",
]
