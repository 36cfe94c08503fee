from .checklists import Checklist
from .items import Item, Numbers, Step
from .notifications import Notification

__all__ = ["Checklist", "Item", "Notification", "Numbers", "Step"]
