"""The demo year's study plans, activities and honours: the content tables."""

from datetime import date
from decimal import Decimal

from activities.models import Activity, Honour, Meeting, StudyPlanItem
from devdata.demo.branches import BAIYUN, HUIGANG

from .year import CABLE_TV, PLACES, ROAD_BUREAU, SCHOOL, VILLAGE, VOLUNTEER_CENTRE, WEIDONG, YEAR

Kind = Meeting.Kind
Form = StudyPlanItem.Form
PLAN_NOTES = "依据公司党委年度党员教育工作要求制定，经2024年1月支部党员大会审议通过。"

# (month, topic, form, responsible member, done by): the meeting or activity of that kind
# in that month records it; None where it has not been done.
STUDY_PLANS = {
    BAIYUN["name"]: [
        (1, "新年“开工第一课”：重温入党誓词", Form.GROUP_STUDY, "陈志刚", Kind.THEME_DAY),
        (3, "绿色发展专题党课：学习“双碳”知识", Form.LECTURE, "林海涛", Kind.LECTURE),
        (
            4,
            "“走出去”：参观中共三大会址纪念馆",
            Form.STUDY_TRIP,
            "周文博",
            Activity.Kind.STUDY_TRIP,
        ),
        (
            5,
            "党纪学习教育：学习《中国共产党纪律处分条例》",
            Form.GROUP_STUDY,
            "吴建国",
            Kind.THEME_DAY,
        ),
        (5, "书记讲党纪专题党课", Form.LECTURE, "陈志刚", Kind.LECTURE),
        (6, "安全生产月：“党员身边无事故”承诺践诺", Form.PRACTICE, "吴建国", Kind.THEME_DAY),
        (8, "学习贯彻党的二十届三中全会精神", Form.LECTURE, "周文博", Kind.LECTURE),
        (9, "“学习强国”线上专题学习：新质生产力", Form.ONLINE, "黄丽萍", None),
        (10, "到现场练本领：“六专行动”现场观摩", Form.PRACTICE, "林海涛", Kind.THEME_DAY),
        (
            11,
            "知识“请进来”：溶洞地区桩基施工安全",
            Form.INVITED_LECTURE,
            "吴建国",
            Activity.Kind.INVITED_LECTURE,
        ),
        (11, "安全生产专题党课：落实“三管三必须”", Form.LECTURE, "吴建国", Kind.LECTURE),
        (12, "学习中央经济工作会议精神", Form.SEMINAR, "陈志刚", None),
    ],
    HUIGANG["name"]: [
        (1, "重温入党誓词，学习2024年党建共建工作计划", Form.GROUP_STUDY, "王建军", Kind.THEME_DAY),
        (3, "书记讲党课：牢记嘱托、感恩奋进", Form.LECTURE, "王建军", Kind.LECTURE),
        (
            5,
            "党纪学习教育：学习《中国共产党纪律处分条例》",
            Form.GROUP_STUDY,
            "李秀英",
            Kind.THEME_DAY,
        ),
        (5, "“请进来”：共建单位书记讲党纪专题党课", Form.INVITED_LECTURE, "王建军", Kind.LECTURE),
        (
            6,
            "“请进来”：汛期公路施工安全与应急处置",
            Form.INVITED_LECTURE,
            "李秀英",
            Activity.Kind.INVITED_LECTURE,
        ),
        (6, "安全生产月：“人人讲安全、个个会应急”", Form.PRACTICE, "李秀英", Kind.THEME_DAY),
        (7, "“三同”主题党日：同劳动、同学习、同交流", Form.PRACTICE, "刘阳", Kind.THEME_DAY),
        (8, "学习贯彻党的二十届三中全会精神", Form.GROUP_STUDY, "刘阳", Kind.THEME_DAY),
        (9, "专题党课：从交通发展看新中国75年伟大成就", Form.LECTURE, "刘阳", Kind.LECTURE),
        (10, "“互联网+学习”：微信群学习三中全会《决定》", Form.ONLINE, "刘阳", None),
        (11, "参加党校专题培训班", Form.SEMINAR, "王建军", Activity.Kind.STUDY),
        (12, "观看警示教育片，开展年终学习交流", Form.SEMINAR, "李秀英", None),
    ],
}


def _volunteering(day, title, members, participants, served, hours_each):
    """A deployment of 白云's volunteer team with the village committee."""
    return (
        Activity.Kind.VOLUNTEER,
        day,
        title,
        members,
        {
            "place": "项目驻地周边村",
            "participant_count": participants,
            "people_served": served,
            "volunteer_hours": Decimal(participants * hours_each),
            "partners": [VILLAGE],
        },
    )


# (kind, date, title, members taking part, other fields)
ACTIVITIES = {
    # The case study's epidemic duties (核酸扫码, 红码排查) ended with 2022; in 2024 the
    # same volunteer team does the public-health work of the season, 登革热 prevention.
    BAIYUN["name"]: [
        _volunteering(
            date(YEAR, 3, 5),
            "学雷锋日：协助村委清理村道卫生、发放爱国卫生宣传资料",
            ["周文博", "郑雅琴", "何晓东", "刘洋"],
            8,
            300,
            3,
        ),
        _volunteering(
            date(YEAR, 4, 28),
            "强对流天气过后协助村里清理倒伏树木、发放救灾物资",
            ["陈志刚", "梁振华", "刘洋", "何晓东", "吴建国"],
            15,
            200,
            5,
        ),
        _volunteering(
            date(YEAR, 5, 18),
            "登革热防控：协助村委开展区域消杀、清理积水",
            ["吴建国", "郑雅琴", "何晓东"],
            6,
            500,
            3,
        ),
        _volunteering(
            date(YEAR, 6, 15),
            "登革热防控：入户宣传“清积水、灭蚊虫”，登记出租屋信息",
            ["黄丽萍", "周文博", "郑雅琴"],
            6,
            420,
            4,
        ),
        _volunteering(
            date(YEAR, 7, 6),
            "夏季防溺水宣传：巡查村内水塘、设置警示牌",
            ["吴建国", "刘洋", "谢明辉"],
            5,
            260,
            3,
        ),
        _volunteering(
            date(YEAR, 7, 13),
            "登革热防控：协助开展区域消毒和蚊媒监测",
            ["何晓东", "梁振华", "谢明辉"],
            6,
            600,
            3,
        ),
        _volunteering(
            date(YEAR, 7, 27),
            "协助社区义诊：测量体温血压、登记健康信息",
            ["黄丽萍", "郑雅琴", "周文博"],
            5,
            150,
            4,
        ),
        _volunteering(
            date(YEAR, 8, 10),
            "高温送清凉：为环卫工人、快递员发放防暑降温物资",
            ["陈志刚", "周文博", "谢明辉"],
            6,
            180,
            2,
        ),
        _volunteering(
            date(YEAR, 8, 24),
            "登革热防控：周末“清积水”集中行动",
            ["刘洋", "何晓东", "郑雅琴", "梁振华"],
            8,
            450,
            3,
        ),
        _volunteering(
            date(YEAR, 9, 14),
            "中秋前夕协助村委为高龄老人发放慰问物资",
            ["黄丽萍", "周文博", "谢明辉"],
            5,
            90,
            3,
        ),
        _volunteering(
            date(YEAR, 10, 19),
            "登革热防控：秋季蚊媒消杀“回头看”",
            ["吴建国", "何晓东", "刘洋"],
            6,
            520,
            3,
        ),
        _volunteering(
            date(YEAR, 11, 9),
            "“119”消防宣传：进村入户宣传消防安全、排查用电隐患",
            ["吴建国", "郑雅琴", "梁振华", "谢明辉"],
            7,
            340,
            3,
        ),
        (
            Activity.Kind.VISIT,
            date(YEAR, 2, 2),
            "春节前慰问老党员、探访贫困家庭",
            ["陈志刚", "黄丽萍", "梁振华"],
            {
                "place": "项目驻地周边村",
                "people_served": 8,
                "description": "与村委一道走访驻地老党员3名、贫困家庭5户，"
                "送去慰问金和米、油等年货，了解生活困难并登记帮扶需求。",
                "partners": [VILLAGE],
            },
        ),
        (
            Activity.Kind.JOINT,
            date(YEAR, 3, 12),
            "植树节党建联建：与周边村委共植“党建林”",
            ["陈志刚", "林海涛", "周文博", "刘洋", "何晓东", "郑雅琴", "梁振华"],
            {
                "place": "项目驻地周边村",
                "participant_count": 26,
                "description": "与周边村委党员、村民代表共同植树，交流基层党建和乡村建设经验。",
                "outcome": "种植树苗60株，双方党员结对认养管护。",
                "partners": [VILLAGE],
            },
        ),
        (
            Activity.Kind.STUDY_TRIP,
            date(YEAR, 4, 12),
            "“走出去”：参观中共三大会址纪念馆",
            [
                "陈志刚",
                "林海涛",
                "黄丽萍",
                "周文博",
                "吴建国",
                "刘洋",
                "何晓东",
                "郑雅琴",
                "梁振华",
            ],
            {
                "place": "中共三大会址纪念馆",
                "description": "利用周边红色资源开展党性教育，参观中共三大会址纪念馆，"
                "在会址前重温入党誓词。",
            },
        ),
        (
            Activity.Kind.PRACTICAL_HELP,
            date(YEAR, 5, 30),
            "为广州市白云区第一小学学生赠送书籍、生活用品",
            ["陈志刚", "黄丽萍", "周文博", "郑雅琴"],
            {
                "place": SCHOOL,
                "people_served": 120,
                "description": "“六一”前夕为学生赠送课外书籍300册和文具、生活用品。",
                "partners": [SCHOOL],
            },
        ),
        (
            Activity.Kind.JOINT,
            date(YEAR, 5, 31),
            "“六一”党建联建：与周边村委为村里孩子举办安全知识讲座",
            ["吴建国", "黄丽萍", "郑雅琴"],
            {
                "place": "项目驻地周边村",
                "people_served": 60,
                "description": "吴建国同志讲解防溺水、交通安全和远离施工工地等安全知识，"
                "与村委党员一起为孩子们送上节日礼物。",
                "partners": [VILLAGE],
            },
        ),
        (
            Activity.Kind.SAFETY_CHECK,
            date(YEAR, 6, 14),
            "“安全生产月”党员带队现场安全大检查",
            ["吴建国", "林海涛", "梁振华", "郑雅琴"],
            {
                "place": "施工现场",
                "description": "党员带队对深基坑、高支模、临时用电和起重吊装作业开展专项检查。",
                "outcome": "发现隐患12条，已全部整改销项。",
            },
        ),
        (
            Activity.Kind.VOLUNTEER,
            date(YEAR, 7, 20),
            "“云陪伴”志愿科普小课堂",
            ["周文博", "何晓东", "郑雅琴", "谢明辉"],
            {
                "participant_count": 6,
                "people_served": 45,
                "volunteer_hours": Decimal(18),
                "description": "在共青团广州市委员会指导下，与广州市志愿者行动指导中心等单位"
                "联合开展线上科普小课堂，党员志愿者讲解建筑和轨道交通科普知识，"
                "为基层一线工作人员子女带去陪伴与关爱。",
                "partners": [VOLUNTEER_CENTRE],
            },
        ),
        (
            Activity.Kind.VISIT,
            date(YEAR, 8, 28),
            "开学前看望困难学生家庭",
            ["黄丽萍", "周文博", "郑雅琴"],
            {
                "place": "项目驻地周边村",
                "people_served": 6,
                "description": "看望驻地困难学生家庭6户，送去书包、文具，勉励孩子们好好学习。",
                "partners": [VILLAGE],
            },
        ),
        (
            Activity.Kind.INVITED_LECTURE,
            date(YEAR, 11, 8),
            "知识“请进来”：邀请岩土专家讲授溶洞地区桩基施工安全",
            ["林海涛", "吴建国", "刘洋", "何晓东", "梁振华", "郑雅琴", "谢明辉"],
            {
                "place": PLACES[BAIYUN["name"]],
                "participant_count": 35,
                "description": "邀请公司岩土工程专家讲授溶洞探测、注浆处理和冲孔桩施工安全要点，"
                "党员和技术骨干参加。",
            },
        ),
        (
            Activity.Kind.PRACTICAL_HELP,
            date(YEAR, 11, 16),
            "为驻地困难村民修缮房屋",
            ["梁振华", "刘洋", "何晓东", "谢明辉"],
            {
                "place": "项目驻地周边村",
                "participant_count": 10,
                "people_served": 4,
                "description": "组织党员和技术骨干为2户困难村民修补漏水屋面、更换老化电线。",
                "partners": [VILLAGE],
            },
        ),
    ],
    HUIGANG["name"]: [
        (
            Activity.Kind.VISIT,
            date(YEAR, 2, 6),
            "联合江门市市区公路局党总支部慰问困难党员",
            ["王建军", "刘阳", "陈国平"],
            {
                "place": "项目驻地村庄",
                "participant_count": 8,
                "people_served": 5,
                "description": "双方党员到项目驻地村庄慰问困难党员，送上慰问品，并就乡村振兴和"
                "党建工作经验进行交流，实地查看村党建文化广场。",
                "partners": [ROAD_BUREAU],
            },
        ),
        # 扶贫济困、慰问帮扶 with 威东村, after the example of its culture square, and the
        # help the members on the 征拆 front give the households there.
        (
            Activity.Kind.VOLUNTEER,
            date(YEAR, 3, 5),
            "学雷锋志愿服务：走进威东村清扫村道、宣传共同创建文明城市",
            ["刘阳", "李秀英", "张伟", "赵敏", "黄志强"],
            {
                "place": "威东村",
                "participant_count": 12,
                "people_served": 260,
                "volunteer_hours": Decimal(36),
                "description": "双方党员志愿者清扫村道、清理卫生死角，入户发放共同创建文明城市"
                "宣传资料，学习威东村文化广场建设的先进经验。",
                "partners": [WEIDONG],
            },
        ),
        (
            Activity.Kind.PRACTICAL_HELP,
            date(YEAR, 5, 24),
            "汛前为威东村疏通排水沟渠、排查危旧房屋",
            ["陈国平", "李秀英", "张伟", "黄志强"],
            {
                "place": "威东村",
                "participant_count": 15,
                "people_served": 86,
                "volunteer_hours": Decimal(60),
                "description": "出动挖掘机1台，疏通村内排水沟渠800米，逐户排查危旧房屋，"
                "为3户困难群众加固屋面。",
                "partners": [WEIDONG],
            },
        ),
        (
            Activity.Kind.VOLUNTEER,
            date(YEAR, 7, 26),
            "高温送清凉：慰问施工沿线交通协管员、环卫工人",
            ["王建军", "刘阳", "赵敏"],
            {
                "place": "会港大道施工沿线",
                "participant_count": 8,
                "people_served": 64,
                "volunteer_hours": Decimal(16),
                "description": "为施工沿线交通疏导的协管员、环卫工人送去绿豆汤、防暑药品和毛巾。",
            },
        ),
        (
            Activity.Kind.VISIT,
            date(YEAR, 9, 13),
            "中秋前夕联合走访慰问威东村困难群众和孤寡老人",
            ["王建军", "刘阳", "陈国平", "李秀英"],
            {
                "place": "威东村",
                "participant_count": 10,
                "people_served": 14,
                "description": "与江门市市区公路局党总支部、威东村村委会一道走访困难群众和孤寡老人"
                "14户，送上月饼、米油和慰问金。",
                "partners": [ROAD_BUREAU, WEIDONG],
            },
        ),
        (
            Activity.Kind.VISIT,
            date(YEAR, 12, 13),
            "冬季走访礼东立交段征拆户，协调解决临时安置困难",
            ["陈国平", "刘阳", "张伟"],
            {
                "place": "礼东立交段征拆区域",
                "participant_count": 6,
                "people_served": 21,
                "description": "驻守拆迁一线的党员进村访户，了解征拆户临时安置和出行困难，"
                "协调解决过渡房维修、临时便道照明等问题6项。",
                "partners": [WEIDONG],
            },
        ),
        (
            Activity.Kind.SAFETY_CHECK,
            date(YEAR, 5, 10),
            "汛前联合安全生产专项检查",
            ["王建军", "李秀英", "赵敏", "黄志强"],
            {
                "place": "施工现场",
                "description": "双方安全检查组对礼东大桥、会乐大桥和软基处理作业面"
                "开展汛前专项检查，重点检查排水、边坡和临时用电。",
                "outcome": "发现隐患9条，限期整改，已全部销项。",
                "partners": [ROAD_BUREAU],
            },
        ),
        (
            Activity.Kind.INVITED_LECTURE,
            date(YEAR, 6, 7),
            "“请进来”：邀请江门市市区公路局专家讲授汛期公路施工安全与应急处置",
            ["王建军", "刘阳", "陈国平", "李秀英", "张伟", "赵敏", "黄志强"],
            {
                "place": PLACES[HUIGANG["name"]],
                "participant_count": 30,
                "description": "邀请江门市市区公路局专家结合江门地区汛期特点，讲授路基边坡、"
                "桥梁基坑防汛和应急处置要点。",
                "partners": [ROAD_BUREAU],
            },
        ),
        (
            Activity.Kind.JOINT,
            date(YEAR, 7, 1),
            "“三同（同劳动、同学习、同交流）”主题党日",
            ["王建军", "刘阳", "陈国平", "李秀英", "张伟", "赵敏", "黄志强"],
            {
                "place": "项目驻地",
                "participant_count": 19,
                "description": "双方共同参加义务劳动，培养服务意识；共同学习入党誓词，"
                "坚定理想信念、永葆初心；共同交流党建和工程建设经验。",
                "partners": [ROAD_BUREAU],
            },
        ),
        (
            Activity.Kind.CULTURAL,
            date(YEAR, 9, 19),
            "庆祝新中国成立75周年文艺晚会：出演《走向复兴》大合唱",
            ["王建军", "刘阳", "陈国平", "李秀英", "张伟", "赵敏", "黄志强"],
            {
                "place": "江门市市区公路局",
                "participant_count": 16,
                "description": "受邀参加江门市市区公路局庆祝新中国成立75周年文艺晚会并出演"
                "《走向复兴》大合唱，与江门市市区公路局、广东省广播电视网络股份有限公司"
                "江门分公司同台演出故事宣讲、诗朗诵、萨克斯、大合唱等节目。",
                "outcome": "丰富了项目部精神文化生活，展示了“扎根江门、立足江门、服务江门”的"
                "精神风貌。",
                "partners": [ROAD_BUREAU, CABLE_TV],
            },
        ),
        (
            Activity.Kind.SAFETY_CHECK,
            date(YEAR, 10, 1),
            "“庆国庆、强自信，走现场、促履约”主题活动",
            ["王建军", "刘阳", "李秀英", "张伟", "黄志强"],
            {
                "ends_on": date(YEAR, 10, 2),
                "place": "项目驻地及施工现场",
                "participant_count": 24,
                "description": "联合江门市市区公路局、威东村村委会在项目驻地唱国歌、升国旗，"
                "一同到施工现场开展安全检查，检查安全隐患的同时掌握征拆进展。",
                "outcome": "发现安全隐患6条，已全部整改；协调解决礼东立交段征拆问题2项。",
                "partners": [ROAD_BUREAU, WEIDONG],
            },
        ),
        (
            Activity.Kind.STUDY,
            date(YEAR, 11, 20),
            "党校专题培训班：学习贯彻党的二十届三中全会精神",
            ["王建军", "刘阳", "陈国平"],
            {
                "ends_on": date(YEAR, 11, 22),
                "description": "与江门市市区公路局党总支部共同参加党校教授专题培训班，"
                "学习党的二十届三中全会精神和进一步全面深化改革的部署。",
                "partners": [ROAD_BUREAU],
            },
        ),
        (
            Activity.Kind.JOINT,
            date(YEAR, 12, 20),
            "2024年度党建共建工作交流会",
            ["王建军", "刘阳", "陈国平", "李秀英"],
            {
                "place": PLACES[HUIGANG["name"]],
                "participant_count": 12,
                "description": "总结2024年共建活动，交流征地拆迁、安全管理协同经验，"
                "商定2025年共建计划。",
                "partners": [ROAD_BUREAU],
            },
        ),
    ],
}

# (kind, date, title, members credited, other fields), as the case studies count them.
HONOURS = {
    BAIYUN["name"]: [
        (
            Honour.Kind.QC_RESULT,
            date(YEAR, 6, 20),
            "QC成果《提高地下室底板大体积混凝土浇筑质量》",
            ["林海涛", "梁振华", "何晓东"],
            {"level": Honour.Level.MUNICIPAL, "grade": "二等奖", "issuer": "广州市建筑业联合会"},
        ),
        (
            Honour.Kind.QC_RESULT,
            date(YEAR, 9, 12),
            "QC成果《提高溶洞地区冲孔灌注桩一次成孔合格率》",
            ["林海涛", "刘洋", "何晓东"],
            {"level": Honour.Level.PROVINCIAL, "grade": "二等奖", "issuer": "广东省建筑业协会"},
        ),
        (
            Honour.Kind.PATENT,
            date(YEAR, 10, 15),
            "实用新型专利（溶洞注浆、桩基施工、绿色施工装置）",
            ["林海涛", "刘洋", "何晓东"],
            {"grade": "实用新型", "issuer": "国家知识产权局", "quantity": 4},
        ),
        (
            Honour.Kind.PAPER,
            date(YEAR, 12, 6),
            "发表技术论文（溶洞处理、绿色施工、产业厂房施工技术）",
            ["林海涛", "何晓东", "刘洋", "梁振华"],
            {"quantity": 6},
        ),
        (
            Honour.Kind.LETTER,
            date(YEAR, 11, 25),
            "志愿服务表扬信",
            [],
            {"issuer": "属地镇街、村委会", "quantity": 4},
        ),
        (
            Honour.Kind.BANNER,
            date(YEAR, 10, 30),
            "村委会、村民赠送锦旗",
            [],
            {"issuer": "项目周边村委会及村民", "quantity": 3},
        ),
        (Honour.Kind.MEDAL, date(YEAR, 12, 13), "志愿服务奖牌", [], {"issuer": "属地镇人民政府"}),
        (
            Honour.Kind.SCHEDULE_GAIN,
            date(YEAR, 10, 31),
            "党员先锋队攻坚，缩短工期近一周",
            ["陈志刚", "林海涛", "梁振华", "刘洋"],
            {
                "days_gained": 7,
                "description": "党员先锋队冲锋在前，压实目标任务和关键节点，全面推进项目建设，"
                "缩短工期近一周。",
            },
        ),
        (
            Honour.Kind.LETTER,
            date(YEAR, 11, 8),
            "业主书面表扬：缩短工期近一周",
            ["陈志刚", "林海涛"],
            {"level": Honour.Level.CLIENT, "issuer": "项目业主单位"},
        ),
    ],
    HUIGANG["name"]: [
        (
            Honour.Kind.SCHEDULE_GAIN,
            date(YEAR, 4, 26),
            "新老东海路连接工程提前13天完成",
            ["王建军", "张伟", "黄志强"],
            {
                "days_gained": 13,
                "description": "响应市政府“暖企业、促投资”政策，率先对新老东海路连接工程施工，"
                "加大资源投入、优化工序衔接，双方党员模范带头、业务骨干群策群力，提前13天完成，"
                "已完成临时路面及标志标线施工，具备通行条件。",
            },
        ),
    ],
}
