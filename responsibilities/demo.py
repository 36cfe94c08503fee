"""Demo pioneer posts, responsibility zones and teams from the two case studies.

Key-node dates are set relative to today so the demo always has nodes due ahead.
"""

import datetime

from django.utils import timezone

from branches.demo import BAIYUN, HUIGANG

from .models import Milestone, Responsibility

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
            "accident_free_since": datetime.date(2022, 6, 1),
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
        [("新老东海路连接工程完工（提前13天）", -400, True)],
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
            "accident_free_since": datetime.date(2019, 1, 1),
        },
        [("汛前安全专项检查", -5, False)],
    ),
]


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
        for title, days, done in milestones:
            due_on = today + datetime.timedelta(days=days)
            Milestone.objects.update_or_create(
                responsibility=responsibility,
                title=title,
                defaults={
                    "due_on": due_on,
                    "done_on": due_on - datetime.timedelta(days=13 if "提前" in title else 1)
                    if done
                    else None,
                    "done_note": "按期完成，经现场验收。" if done else "",
                },
            )
