"""Demo pioneer posts, responsibility zones and teams from the two case studies.

Their key nodes of 2024 are fixed, for that year's report: met, most on time, one of
each branch's late. The others are dated from today, so the demo always has nodes due
ahead. Loading replaces each post's key nodes wholesale.
"""

from datetime import date, timedelta

from django.utils import timezone

from devdata.demo.branches import BAIYUN, HUIGANG
from responsibilities.models import Milestone, Responsibility

Kind = Responsibility.Kind

# branch, kind, name, members, fields, [(key node, days from today, done?)]
RESPONSIBILITIES = [
    (
        BAIYUN["name"],
        Kind.RESPONSIBILITY_ZONE,
        "桩基及溶洞处理党员责任区",
        ["刘洋", "梁振华"],
        {
            "targets": "场地溶洞率高：溶洞注浆处理一次到位，桩基按节点完成，不留质量隐患。",
            "commitment": "亮身份、当先锋、作表率，责任区内工序一次验收合格。",
        },
        [
            ("溶洞注浆处理完成", -40, True),
            ("桩基施工完成", 20, False),
            ("地下室底板浇筑完成", 75, False),
        ],
    ),
    (
        BAIYUN["name"],
        Kind.RESPONSIBILITY_ZONE,
        "安全文明施工党员责任区",
        ["吴建国", "郑雅琴"],
        {
            "targets": "落实党管安全、“三管三必须”，施工场地环境状况合格率100%。",
            "commitment": "签订责任状，开展“党员身边无事故”活动。",
            "is_safety_zone": True,
            "accident_free_since": date(2022, 6, 1),
        },
        [("季度安全生产大检查", 10, False)],
    ),
    (
        BAIYUN["name"],
        Kind.PIONEER_POST,
        "溶洞处理技术攻关先锋岗",
        ["刘洋", "何晓东"],
        {"description": "围绕施工重难点设岗，策划方案先行，一次完成方案交底。"},
        [("溶洞处理专项方案交底", -60, True), ("QC课题成果申报", 45, False)],
    ),
    (
        BAIYUN["name"],
        Kind.PIONEER_POST,
        "安全管理先锋岗",
        ["吴建国"],
        {"description": "推进“三管三必须”，带头开展行程隐患排查。"},
        [],
    ),
    (
        BAIYUN["name"],
        Kind.VANGUARD_TEAM,
        "白云轨交党员先锋队",
        ["陈志刚", "林海涛", "梁振华", "刘洋"],
        {
            "description": "党员冲锋在前，引领项目全员撸起袖子加油干。",
            "targets": "压实目标任务、关键节点，缩短工期。",
        },
        [("主体结构封顶", -15, True), ("竣工验收", 120, False)],
    ),
    (
        BAIYUN["name"],
        Kind.COMMANDO_TEAM,
        "白云轨交党员突击队",
        ["何晓东", "周文博", "郑雅琴"],
        {"description": "疫情防控志愿服务与科技研发课题攻关，提出“金点子”。"},
        [("实用新型专利申报", 30, False)],
    ),
    (
        HUIGANG["name"],
        Kind.PIONEER_POST,
        "新老东海路连接工程党员先锋岗",
        ["张伟", "黄志强"],
        {"description": "加大资源投入、优化工序衔接，党员模范带头、业务骨干群策群力。"},
        [],
    ),
    (
        HUIGANG["name"],
        Kind.RESPONSIBILITY_ZONE,
        "征地拆迁党员责任区",
        ["陈国平", "刘阳"],
        {"targets": "驻守拆迁一线，进村访户，促进征地拆迁工作顺利开展。"},
        [("礼东立交段征拆完成", 25, False)],
    ),
    (
        HUIGANG["name"],
        Kind.RESPONSIBILITY_ZONE,
        "汛期安全党员责任区",
        ["李秀英", "赵敏"],
        {
            "targets": "汛期防洪、防台风专项组织带班，确保项目平安渡汛。",
            "is_safety_zone": True,
            "accident_free_since": date(2019, 1, 1),
        },
        [("汛前安全专项检查", -5, False)],
    ),
]


# post, zone or team -> [(key node, due on, done on)]
KEY_NODES_2024 = {
    "桩基及溶洞处理党员责任区": [
        ("一期厂房溶洞探测及注浆处理完成", date(2024, 3, 29), date(2024, 3, 27)),
        ("一期厂房桩基施工完成", date(2024, 5, 31), date(2024, 5, 28)),
        ("一期厂房地下室底板浇筑完成", date(2024, 7, 31), date(2024, 8, 9)),
    ],
    "溶洞处理技术攻关先锋岗": [
        ("一期溶洞处理专项方案专家论证", date(2024, 2, 29), date(2024, 2, 27)),
    ],
    "安全文明施工党员责任区": [
        ("“安全生产月”现场安全大检查", date(2024, 6, 14), date(2024, 6, 14)),
    ],
    # A week ahead of plan: the schedule gain the honours record.
    "白云轨交党员先锋队": [("一期厂房主体结构封顶", date(2024, 10, 31), date(2024, 10, 24))],
    "白云轨交党员突击队": [("第一批实用新型专利申报", date(2024, 8, 30), date(2024, 8, 23))],
    # 13 days ahead of plan, as the case study has it.
    "新老东海路连接工程党员先锋岗": [
        ("新老东海路连接工程完工", date(2024, 5, 9), date(2024, 4, 26)),
    ],
    "征地拆迁党员责任区": [("礼东立交段一期征拆交地", date(2024, 6, 30), date(2024, 7, 12))],
    "汛期安全党员责任区": [("2024年汛前安全专项检查", date(2024, 5, 10), date(2024, 5, 10))],
}
ON_TIME_NOTE = "按期完成，经现场验收。"
LATE_NOTES = {
    "一期厂房地下室底板浇筑完成": "受汛期连续降雨影响延后完成，已采取增加作业面、延长作业"
    "时间等赶工措施。",
    "礼东立交段一期征拆交地": "个别征拆户补偿协议签订延后，党员驻守一线进村访户后完成交地。",
}


def load(world):
    today = timezone.localdate()
    for branch_name, kind, name, member_names, fields, milestones in RESPONSIBILITIES:
        branch = world.branches[branch_name]
        responsibility, _ = Responsibility.objects.update_or_create(
            branch=branch, name=name, defaults={"kind": kind, **fields}
        )
        responsibility.members.set(
            [world.members[(branch_name, member)] for member in member_names]
        )
        key_nodes = list(KEY_NODES_2024.get(name, []))
        for title, days, done in milestones:
            due_on = today + timedelta(days=days)
            key_nodes.append((title, due_on, due_on - timedelta(days=1) if done else None))
        titles = [title for title, _due_on, _done_on in key_nodes]
        responsibility.milestones.exclude(title__in=titles).delete()
        for title, due_on, done_on in key_nodes:
            note = LATE_NOTES.get(title, ON_TIME_NOTE) if done_on else ""
            Milestone.objects.update_or_create(
                responsibility=responsibility,
                title=title,
                defaults={"due_on": due_on, "done_on": done_on, "done_note": note},
            )
