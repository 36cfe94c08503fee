import datetime
from io import BytesIO

import factory
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from PIL import Image

from activities.models import Activity, Attendance, Honour, Meeting, StudyPlan, StudyPlanItem
from attachments.models import Attachment
from attachments.uploads import PNG, CleanUpload
from branches.models import Member, Officer, Organization, PartyGroup
from rectifications.models import Checklist, Item
from responsibilities.models import Milestone, Responsibility


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("Secret-pass-123")


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    kind = Organization.Kind.COMMITTEE
    name = factory.Sequence(lambda n: f"第{n}工程公司党委")


class BranchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    kind = Organization.Kind.BRANCH
    name = factory.Sequence(lambda n: f"第{n}项目党支部")
    parent = factory.SubFactory(CommitteeFactory)
    founded_on = datetime.date(2022, 5, 18)
    project_name = factory.Sequence(lambda n: f"第{n}号工程")


class PartyGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyGroup

    branch = factory.SubFactory(BranchFactory)
    name = factory.Sequence(lambda n: f"第{n}党小组")
    formed_on = factory.LazyAttribute(
        lambda group: group.branch.founded_on or datetime.date(2000, 1, 1)
    )


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    branch = factory.SubFactory(BranchFactory)
    name = factory.Sequence(lambda n: f"党员{n}")
    gender = Member.Gender.MALE
    joined_on = datetime.date(2015, 7, 1)
    full_member_on = datetime.date(2016, 7, 1)
    status = Member.Status.FULL


class OfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Officer

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(CommitteeFactory)


class ResponsibilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Responsibility

    branch = factory.SubFactory(BranchFactory)
    kind = Responsibility.Kind.RESPONSIBILITY_ZONE
    name = factory.Sequence(lambda n: f"第{n}责任区")


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    responsibility = factory.SubFactory(ResponsibilityFactory)
    title = factory.Sequence(lambda n: f"节点{n}")
    due_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=10))


class MeetingFactory(factory.django.DjangoModelFactory):
    """A meeting saved the way the app saves it: attendance from who should attend."""

    class Meta:
        model = Meeting

    branch = factory.SubFactory(BranchFactory)
    kind = Meeting.Kind.COMMITTEE
    held_on = factory.LazyFunction(datetime.date.today)
    topic = factory.Sequence(lambda n: f"会议主题{n}")

    @classmethod
    def _create(cls, model_class, *args, absent=(), **kwargs):
        """`absent`: members marked absent on business; everyone else expected is present."""
        meeting = model_class(*args, **kwargs)
        attendance = {
            member: (
                Attendance.Status.BUSINESS if member in absent else Attendance.Status.PRESENT,
                "",
            )
            for member in meeting.expected_attendees()
        }
        meeting.save()
        meeting.record_attendance(attendance)
        return meeting


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    branch = factory.SubFactory(BranchFactory)
    kind = Activity.Kind.VOLUNTEER
    title = factory.Sequence(lambda n: f"志愿服务{n}")
    held_on = factory.LazyFunction(datetime.date.today)


class HonourFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Honour

    branch = factory.SubFactory(BranchFactory)
    kind = Honour.Kind.LETTER
    title = factory.Sequence(lambda n: f"表扬信{n}")
    awarded_on = factory.LazyFunction(datetime.date.today)


class StudyPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StudyPlan

    branch = factory.SubFactory(BranchFactory)
    year = factory.LazyFunction(lambda: datetime.date.today().year)


class StudyPlanItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StudyPlanItem

    plan = factory.SubFactory(StudyPlanFactory)
    month = 3
    topic = factory.Sequence(lambda n: f"学习专题{n}")
    form = StudyPlanItem.Form.GROUP_STUDY


class ChecklistFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Checklist

    branch = factory.SubFactory(BranchFactory)
    title = factory.Sequence(lambda n: f"问题清单{n}")
    source = Checklist.Source.SAFETY_CHECK
    starts_on = factory.LazyFunction(datetime.date.today)


class ItemFactory(factory.django.DjangoModelFactory):
    """An item numbered on in its checklist, in the status asked for (set directly)."""

    class Meta:
        model = Item

    checklist = factory.SubFactory(ChecklistFactory)
    number = factory.LazyAttribute(lambda item: item.checklist.items.count() + 1)
    problem = factory.Sequence(lambda n: f"隐患{n}")
    category = Item.Category.SAFETY
    owner = factory.SubFactory(MemberFactory, branch=factory.SelfAttribute("..checklist.branch"))
    found_on = factory.LazyFunction(datetime.date.today)
    deadline = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=10))
    status = Item.Status.OPEN


def png_bytes(size=(8, 8), color="red"):
    buffer = BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def attach_photo(record, user=None, caption="现场照片"):
    upload = CleanUpload(ContentFile(png_bytes()), PNG, "photo.png")
    return Attachment.objects.attach(record, [upload], user, caption)[0]
