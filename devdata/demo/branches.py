"""Demo organizations, members and accounts, taken from the two case studies.

Loading is idempotent: records are matched by name and brought back to these values.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from branches.models import Member, Officer, Organization, PartnerOrganization, PartyGroup

DEMO_PASSWORD = "Ledger-demo-2024"  # noqa: S105 (published in the README, demo only)

COMMITTEE = {"name": "粤建工程有限公司委员会", "short_name": "粤建党委"}

BAIYUN = {
    "name": "白云轨交项目党支部",
    "short_name": "白云轨交",
    "founded_on": datetime.date(2022, 5, 18),
    "contact_person": "陈志刚",
    "contact_phone": "020-86000000",
    "committee_term_start": datetime.date(2022, 5, 18),
    "committee_term_end": datetime.date(2027, 5, 17),
    "project_name": "白云高新轨道交通产业基地项目",
    "project_location": "广州市白云区",
    "land_area_m2": Decimal("13800"),
    "floor_area_m2": Decimal("61900"),
    "contract_start": datetime.date(2022, 3, 1),
    "contract_end": datetime.date(2025, 6, 30),
    "project_summary": (
        "白云高新轨道交通产业基地将打造集产、研、办一体的轨道交通装备制造产业平台，"
        "围绕白云区打造千亿级产业集群的目标，重点引进轨道交通装备制造优质产业项目，"
        "建设成白云创新驱动主引擎和产业转型升级示范基地。"
    ),
}

HUIGANG = {
    "name": "会港大道项目部党支部",
    "short_name": "会港大道",
    "founded_on": datetime.date(2018, 6, 1),
    "contact_person": "王建军",
    "contact_phone": "0750-3000000",
    "committee_term_start": datetime.date(2021, 12, 1),
    # The term end is set relative to today on loading, so the 换届 flag shows.
    "project_name": "江门会港大道工程",
    "project_location": "广东省江门市",
    "contract_start": datetime.date(2018, 5, 1),
    "contract_end": datetime.date(2021, 12, 31),
    "project_summary": (
        "会港大道线路上礼东大桥、会乐大桥、礼东立交同步建设，软基处理管桩、水泥搅拌桩加速施工。"
        "项目部与江门市市区公路局党总支部开展党建共建，共享党建资源。"
    ),
}

PARTNER = {
    "name": "江门市市区公路局党总支部",
    "description": "会港大道项目部党支部自2018年9月起的党建共建单位。",
}

# name, gender, birth, joined, full member since (None: probationary), group, role, job
BAIYUN_MEMBERS = [
    ("陈志刚", "male", "1978-04-12", "2001-06-20", "2002-06-20", 1, "secretary", "项目经理"),
    ("林海涛", "male", "1983-09-03", "2006-05-10", "2007-05-10", 1, "deputy_secretary", "项目总工"),
    ("黄丽萍", "female", "1988-02-17", "2010-11-08", "2011-11-08", 2, "organization", "综合办主任"),
    ("周文博", "male", "1990-07-25", "2013-06-28", "2014-06-28", 2, "propaganda", "商务经理"),
    ("吴建国", "male", "1981-12-01", "2005-07-01", "2006-07-01", 1, "discipline", "安全总监"),
    ("刘洋", "male", "1993-05-14", "2016-06-30", "2017-06-30", 1, "", "桩基施工员"),
    ("何晓东", "male", "1992-10-09", "2015-12-20", "2016-12-20", 1, "", "技术员"),
    ("郑雅琴", "female", "1995-03-22", "2018-05-04", "2019-05-04", 2, "", "安全员"),
    ("梁振华", "male", "1987-08-30", "2012-07-01", "2013-07-01", 1, "", "生产经理"),
    ("谢明辉", "male", "1997-01-11", "2024-06-28", None, 2, "", "质量员"),
    ("罗嘉欣", "female", "1998-11-19", "2024-12-10", None, 2, "", "资料员"),
]

HUIGANG_MEMBERS = [
    ("王建军", "male", "1976-03-08", "1999-07-01", "2000-07-01", 1, "secretary", "项目经理"),
    ("刘阳", "male", "1989-06-15", "2012-06-01", "2013-06-01", 1, "propaganda", "综合办主任"),
    ("陈国平", "male", "1982-11-21", "2007-04-15", "2008-04-15", 1, "organization", "生产经理"),
    ("李秀英", "female", "1990-01-30", "2014-07-01", "2015-07-01", 1, "discipline", "安全总监"),
    ("张伟", "male", "1991-09-09", "2015-06-20", "2016-06-20", 1, "", "路基施工员"),
    ("赵敏", "female", "1994-04-04", "2019-05-30", "2020-05-30", 1, "", "测量员"),
    ("黄志强", "male", "1986-12-12", "2011-10-10", "2012-10-10", 1, "", "桥梁工程师"),
]

GROUPS = {
    BAIYUN["name"]: ["第一党小组（工程）", "第二党小组（综合）"],
    HUIGANG["name"]: ["第一党小组"],
}


@dataclass
class DemoWorld:
    committee: Organization = None
    branches: dict = field(default_factory=dict)
    members: dict = field(default_factory=dict)  # (branch name, member name) -> Member
    users: dict = field(default_factory=dict)


def load():
    world = DemoWorld()
    world.committee, _ = Organization.objects.update_or_create(
        name=COMMITTEE["name"],
        defaults={**COMMITTEE, "kind": Organization.Kind.COMMITTEE, "parent": None},
    )
    partner, _ = PartnerOrganization.objects.update_or_create(
        headquarters=world.committee, name=PARTNER["name"], defaults=PARTNER
    )
    huigang_term_end = timezone.localdate() + datetime.timedelta(days=60)
    for values, members, extra in [
        (BAIYUN, BAIYUN_MEMBERS, {}),
        (HUIGANG, HUIGANG_MEMBERS, {"committee_term_end": huigang_term_end}),
    ]:
        branch, _ = Organization.objects.update_or_create(
            name=values["name"],
            defaults={
                **values,
                **extra,
                "kind": Organization.Kind.BRANCH,
                "parent": world.committee,
            },
        )
        world.branches[branch.name] = branch
        groups = [
            PartyGroup.objects.update_or_create(
                branch=branch, name=name, defaults={"formed_on": branch.founded_on}
            )[0]
            for name in GROUPS[branch.name]
        ]
        for row in members:
            member = _load_member(branch, groups, *row)
            world.members[(branch.name, member.name)] = member
        for group in groups:
            group.leader = group.members.order_by("joined_on").first()
            group.save()
    world.branches[HUIGANG["name"]].partners.add(partner)
    _load_accounts(world)
    return world


def _load_member(branch, groups, name, gender, birth, joined, full_since, group, role, job):
    member, _ = Member.objects.update_or_create(
        branch=branch,
        name=name,
        defaults={
            "gender": gender,
            "birth_date": birth,
            "joined_on": joined,
            "full_member_on": full_since,
            "status": Member.Status.FULL if full_since else Member.Status.PROBATIONARY,
            "group": groups[group - 1],
            "committee_role": role,
            "job": job,
        },
    )
    return member


def _load_accounts(world):
    user_model = get_user_model()

    def account(username, **extra):
        user, _ = user_model.objects.get_or_create(username=username, defaults=extra)
        user.set_password(DEMO_PASSWORD)
        user.is_active = True
        user.save()
        world.users[username] = user
        return user

    account("admin", is_superuser=True, is_staff=True, email="admin@example.com")
    hq = account("hq", first_name="党建工作部")
    Officer.objects.update_or_create(
        user=hq, defaults={"organization": world.committee, "title": "党建工作部主管"}
    )
    for username, branch, name in [
        ("baiyun", BAIYUN["name"], "陈志刚"),
        ("huigang", HUIGANG["name"], "王建军"),
        ("baiyun_member", BAIYUN["name"], "刘洋"),
    ]:
        member = world.members[(branch, name)]
        user = account(username, first_name=name)
        member.user = user
        member.save()
