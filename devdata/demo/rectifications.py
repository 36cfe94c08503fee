"""Demo checklists, written from the case studies.

The 2024 record is complete and closed: 会港's joint safety checklist, 30 hazards found
and all 30 closed (整改率100%); 白云's 12 hazards of its June “安全生产月” check and the 9
problems its 2023 组织生活会 (January 2024) found, all closed in 2024 (确保整改销项到位).
The live checklist is that of 白云's 组织生活会 of fifty days ago (devdata.demo.activities.recent):
its items are in every status, one overdue, with dates counted from today, so the demo
always shows tasks ahead: 刘洋 (`baiyun_member`) has one being rectified that he can
submit, and one awaits the committee's verification.

Loading replaces the demo checklists wholesale, so running it again changes nothing.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from activities.models import Activity, Meeting
from devdata.demo.activities import recent
from devdata.demo.branches import BAIYUN, HUIGANG
from rectifications.models import Checklist, Item, Step
from rectifications.reminders import create_reminders

YEAR = 2024
S, C = Item.Status, Item.Category

# (found on, days to the deadline, days to close, problem, category, owner, measures)
HUIGANG_HAZARDS = [
    (date(YEAR, 3, 12), 7, 4, "礼东大桥3号墩作业平台临边防护栏杆缺失", C.SAFETY, "黄志强",
     "立即补设1.2米防护栏杆和踢脚板，挂设安全警示标志"),
    (date(YEAR, 3, 12), 5, 2, "钢筋加工棚配电箱未设置漏电保护器", C.SAFETY, "陈国平",
     "更换为带漏电保护的标准配电箱，电工每日巡检"),
    (date(YEAR, 3, 12), 7, 5, "软基处理区管桩堆放超过三层且无防滑支垫", C.SAFETY, "张伟",
     "按规范重新码放，堆高不超过三层并加设支垫"),
    (date(YEAR, 4, 9), 5, 3, "会乐大桥桩基泥浆池周边未设围挡和警示灯", C.SAFETY, "黄志强",
     "设置硬质围挡和夜间警示灯，专人巡查"),
    (date(YEAR, 4, 9), 10, 8, "水泥搅拌桩机操作平台无防护栏杆，钻杆旋转区未设隔离", C.SAFETY,
     "张伟", "加设防护栏杆和隔离围挡，操作人员经安全交底后持证上岗"),
    (date(YEAR, 4, 9), 3, 1, "施工便道未设限速和会车提示标志", C.SAFETY, "陈国平",
     "设置限速5公里和会车提示标志牌"),
    (date(YEAR, 5, 10), 7, 5, "礼东立交段边坡截水沟淤堵，汛期存在冲刷风险", C.SAFETY, "张伟",
     "清理截水沟并加设急流槽，汛期每日巡查"),
    (date(YEAR, 5, 10), 7, 4, "会乐大桥基坑排水泵备用不足", C.SAFETY, "黄志强",
     "增配两台备用水泵，落实值班抽排制度"),
    (date(YEAR, 5, 10), 5, 3, "临时用电线路沿地面敷设、穿越车道未加保护", C.SAFETY, "陈国平",
     "线路架空敷设，穿越车道处加套管保护"),
    (date(YEAR, 5, 10), 7, 6, "项目驻地防洪沙袋储备不足", C.SAFETY, "李秀英",
     "补充沙袋500个、编织袋1000条，建立物资台账"),
    (date(YEAR, 5, 10), 5, 2, "路基填筑区深坑夜间无警示灯", C.SAFETY, "张伟",
     "增设爆闪警示灯和反光锥，落实夜间巡查"),
    (date(YEAR, 5, 10), 10, 7, "防台防汛应急预案未按新组织机构更新", C.SAFETY, "李秀英",
     "修订应急预案，明确双方联络人并组织演练"),
    (date(YEAR, 5, 10), 7, 5, "礼东大桥满堂支架基础积水，存在不均匀沉降失稳风险", C.SAFETY,
     "黄志强", "完善支架基础排水坡度和排水沟，雨后复测沉降，监测合格后方可继续作业"),
    (date(YEAR, 5, 10), 3, 2, "测量人员在行车道上作业未设警示锥和专人防护", C.SAFETY, "赵敏",
     "作业前摆放警示锥和反光标志，安排专人防护"),
    (date(YEAR, 5, 10), 5, 4, "搅拌站砂石料场挡墙局部开裂", C.SAFETY, "陈国平",
     "拆除开裂段重新砌筑，料堆高度降至挡墙以下"),
    (date(YEAR, 6, 18), 5, 3, "高温时段露天作业未落实错峰和防暑措施", C.SAFETY, "李秀英",
     "调整作业时间避开午间高温，配备防暑降温药品"),
    (date(YEAR, 6, 18), 7, 5, "特种作业人员操作证台账更新不及时", C.SAFETY, "李秀英",
     "逐人核对证件并更新台账，过期人员停止上岗"),
    (date(YEAR, 7, 16), 5, 3, "汽车吊支腿下未垫设枕木", C.SAFETY, "黄志强",
     "规范支腿垫设，吊装前由安全员验收"),
    (date(YEAR, 7, 16), 7, 6, "插板机行走区域地基承载力不足，存在倾覆风险", C.SAFETY, "张伟",
     "铺设钢板和碎石垫层，作业前验算地基承载力"),
    (date(YEAR, 8, 13), 5, 2, "台风预警期间塔吊未按要求放松回转制动", C.SAFETY, "陈国平",
     "完善台风期间塔吊停机操作规程并组织交底"),
    (date(YEAR, 8, 13), 7, 5, "钢筋笼吊装钢丝绳磨损超标", C.SAFETY, "黄志强",
     "更换钢丝绳，建立吊索具定期检查记录"),
    (date(YEAR, 9, 10), 5, 4, "施工现场消防器材过期未更换", C.SAFETY, "李秀英",
     "更换过期灭火器，按区域重新配置消防器材"),
    (date(YEAR, 9, 10), 7, 5, "路基压路机夜间作业无照明、倒车无声光警示", C.SAFETY, "赵敏",
     "加装倒车声光警示器和作业照明，设置作业区警示标志"),
    (date(YEAR, 10, 2), 5, 3, "礼东立交段征拆区域围挡缺口，行人可进入作业区", C.SAFETY, "张伟",
     "封闭围挡缺口，设置警示牌并安排人员值守"),
    (date(YEAR, 10, 2), 5, 2, "会乐大桥上部结构施工防坠网破损", C.SAFETY, "黄志强",
     "更换破损防坠网，每周检查一次"),
    (date(YEAR, 10, 2), 3, 2, "夜间施工照明不足", C.SAFETY, "陈国平",
     "增设镝灯照明，保证作业面照度"),
    (date(YEAR, 10, 2), 7, 6, "钢筋加工区废料未及时清运，堵塞消防通道", C.SAFETY, "陈国平",
     "清运废料，划定消防通道并设置标线"),
    (date(YEAR, 10, 2), 5, 4, "施工车辆出场未冲洗，带泥上路致路面湿滑", C.SAFETY, "张伟",
     "完善洗车槽和沉淀池，安排专人冲洗车辆和清扫路面"),
    (date(YEAR, 10, 2), 7, 5, "临时便桥限载标志缺失", C.SAFETY, "黄志强",
     "设置限载标志并组织荷载验算复核"),
    (date(YEAR, 11, 12), 7, 6, "冬季养护棚内使用燃煤炉保温，存在一氧化碳中毒风险", C.SAFETY,
     "黄志强", "禁止燃煤保温，改用电热毯覆盖养护，进棚前通风检测"),
]  # fmt: skip

BAIYUN_SAFETY_HAZARDS = [
    (date(YEAR, 6, 14), 5, 3, "1号深基坑东侧临边防护不连续", C.SAFETY, "吴建国",
     "补齐临边防护栏杆并设置警示带"),
    (date(YEAR, 6, 14), 5, 2, "基坑监测点被遮挡，监测数据不全", C.SAFETY, "何晓东",
     "清理并保护监测点，补测缺失数据"),
    (date(YEAR, 6, 14), 7, 5, "高支模立杆底部垫板缺失", C.SAFETY, "梁振华",
     "按专项方案补设垫板和扫地杆，验收后方可浇筑"),
    (date(YEAR, 6, 14), 5, 4, "高支模专项方案交底记录签字不全", C.SAFETY, "林海涛",
     "重新组织交底，作业人员逐一签字确认"),
    (date(YEAR, 6, 14), 3, 1, "二级配电箱门锁损坏，无人管理", C.SAFETY, "梁振华",
     "更换门锁，明确专人管理并张贴责任牌"),
    (date(YEAR, 6, 14), 5, 3, "临时用电电缆被钢筋压住", C.SAFETY, "梁振华",
     "电缆架空敷设，设置保护套管"),
    (date(YEAR, 6, 14), 5, 2, "塔吊司机与信号工对讲机频道未专用", C.SAFETY, "吴建国",
     "设定专用频道，吊装前进行通话测试"),
    (date(YEAR, 6, 14), 7, 6, "起重吊装作业区未设警戒区", C.SAFETY, "郑雅琴",
     "划定警戒区，设置警戒线和专人监护"),
    (date(YEAR, 6, 14), 5, 4, "溶洞处理注浆作业人员未佩戴护目镜", C.SAFETY, "刘洋",
     "配发护目镜，班前教育并纳入日常检查"),
    (date(YEAR, 6, 14), 7, 5, "施工电梯防坠安全器超过检测有效期", C.SAFETY, "吴建国",
     "停用施工电梯，送检合格后恢复使用"),
    (date(YEAR, 6, 14), 5, 3, "生活区宿舍私拉电线、使用大功率电器", C.SAFETY, "郑雅琴",
     "拆除私拉电线，安装限流装置并开展宿舍用电检查"),
    (date(YEAR, 6, 14), 5, 4, "消防水池水位不足", C.SAFETY, "梁振华",
     "补足消防水池水位，每周检查一次"),
]  # fmt: skip

# The 2023 组织生活会's findings, all closed in 2024, one after its deadline:
# (problem, category, owner, measures, deadline, closed on)
BAIYUN_FINDINGS = [
    ("理论学习不够系统深入，学用结合不够紧密，运用党的创新理论指导项目生产的能力有待提高",
     C.IDEOLOGY, "陈志刚", "制定支委会理论学习计划，每月开展一次专题研讨，形成学习成果转化清单",
     date(YEAR, 4, 30), date(YEAR, 4, 26)),
    ("党小组活动形式较为单一，与施工生产结合不够紧密", C.ORGANIZATION, "黄丽萍",
     "推行“党小组+工区”模式，党小组活动结合工区重难点开展", date(YEAR, 5, 31), date(YEAR, 5, 30)),
    ("深入施工一线调研不够，解决作业人员急难愁盼问题不够及时", C.CONDUCT, "林海涛",
     "建立支委联系工区制度，每周到一线不少于两次，问题建立台账限时办结",
     date(YEAR, 6, 30), date(YEAR, 6, 28)),
    ("对分包单位管理人员廉洁风险提醒不够经常", C.DISCIPLINE, "吴建国",
     "每季度开展一次廉洁警示教育，与分包单位签订廉洁协议", date(YEAR, 3, 31), date(YEAR, 3, 29)),
    ("“三会一课”记录不够规范，部分会议记录要素不全", C.ORGANIZATION, "黄丽萍",
     "统一会议记录模板，支委会每月检查会议记录", date(YEAR, 2, 29), date(YEAR, 2, 29)),
    ("党员先锋岗、责任区公示内容更新不及时，承诺事项未结合施工节点", C.CONDUCT, "刘洋",
     "按施工节点更新公示牌，承诺事项与关键节点一一对应", date(YEAR, 4, 30), date(YEAR, 4, 25)),
    ("对新入职青年员工的思想引导和入党启蒙教育不够", C.IDEOLOGY, "周文博",
     "每季度组织一次青年员工座谈，推荐优秀青年参加入党启蒙教育", date(YEAR, 7, 31),
     date(YEAR, 7, 26)),
    ("党员教育与施工生产结合不够，现场教学开展较少", C.ORGANIZATION, "林海涛",
     "每季度组织一次“到现场练本领”现场教学，结合“六专行动”观摩方案交底和工序验收",
     date(YEAR, 10, 31), date(YEAR, 10, 25)),
    ("“党员身边无事故”活动记录不完整，考核评比不够具体", C.CONDUCT, "吴建国",
     "建立活动台账，按月考核党员责任区安全状况并公示", date(YEAR, 6, 30), date(YEAR, 7, 12)),
]  # fmt: skip

# The recent 组织生活会's findings, in every status: (problem, category, owner, measures,
# status, deadline in days from today). Closed ones were closed five days before theirs.
RECENT_FINDINGS = [
    ("“三会一课”会议记录上传台账不及时，个别记录要素不全", C.ORGANIZATION, "黄丽萍",
     "会后三个工作日内上传会议记录，组织委员每月核对", S.CLOSED, -15),
    ("对分包单位党员的教育管理覆盖不够", C.ORGANIZATION, "吴建国",
     "建立分包单位党员名册，邀请其参加支部主题党日", S.CLOSED, -3),
    ("发展党员工作计划性不强，入党积极分子培养教育不够", C.ORGANIZATION, "黄丽萍",
     "制定发展党员工作计划，为入党积极分子明确培养联系人", S.AWAITING, 10),
    ("党员先锋岗作用发挥不够均衡，部分岗位承诺不够具体、可衡量", C.CONDUCT, "刘洋",
     "逐岗修订承诺事项，细化为可量化指标，每季度评议", S.IN_PROGRESS, 20),
    ("运用新媒体开展党建宣传的能力不足，宣传报道数量偏少", C.IDEOLOGY, "周文博",
     "建立通讯员队伍，每月至少报送两篇党建宣传稿件", S.IN_PROGRESS, -12),
    ("青年党员导师帮带制度落实不到位", C.OTHER, "何晓东",
     "为青年党员明确导师，签订帮带协议并每半年总结", S.OPEN, 45),
]  # fmt: skip
CLOSED_BEFORE_DEADLINE = timedelta(days=5)

FOUND_AT_LIFE_MEETING = date(YEAR, 1, 25)


def load(world):
    Loader(world, HUIGANG["name"], "huigang").safety_checklist(
        "2024年度安全生产专项检查隐患整改清单",
        "项目部与江门市市区公路局党总支部成立联合安全检查组，定期开展安全生产专项检查，"
        "对发现的隐患逐条登记、限期整改、复查销号。",
        HUIGANG_HAZARDS,
        ends_on=date(YEAR, 12, 31),
    )
    baiyun = Loader(world, BAIYUN["name"], "baiyun")
    baiyun.safety_checklist(
        "“安全生产月”现场安全大检查隐患整改清单",
        "党员带队对深基坑、高支模、临时用电和起重吊装作业开展专项检查。",
        BAIYUN_SAFETY_HAZARDS,
        activity=baiyun.branch.activities.filter(
            kind=Activity.Kind.SAFETY_CHECK, held_on=date(YEAR, 6, 14)
        ).first(),
    )
    baiyun.life_meeting_checklist()
    baiyun.recent_life_meeting_checklist()
    create_reminders(timezone.localdate())


class Loader:
    def __init__(self, world, branch_name, secretary_username):
        self.branch = world.branches[branch_name]
        self.people = {
            name: member
            for (branch, name), member in world.members.items()
            if branch == branch_name
        }
        self.secretary = world.users[secretary_username]

    def _checklist(self, title, **fields):
        for old in self.branch.checklists.filter(title=title):
            old.items.all().delete()
            old.delete()
        return Checklist.objects.create(branch=self.branch, title=title, **fields)

    def safety_checklist(self, title, description, hazards, ends_on=None, activity=None):
        checklist = self._checklist(
            title,
            source=Checklist.Source.SAFETY_CHECK,
            starts_on=activity.held_on if activity else date(YEAR, 1, 1),
            ends_on=ends_on,
            activity=activity,
            description=description,
        )
        for number, (
            found,
            deadline_in,
            closed_in,
            problem,
            category,
            owner,
            measures,
        ) in enumerate(hazards, start=1):
            item = self._item(checklist, number, problem, category, owner, measures, found)
            item.deadline = found + timedelta(days=deadline_in)
            self._close(item, found + timedelta(days=closed_in), measures)

    def life_meeting_checklist(self):
        """The 2023 组织生活会 of January 2024: nine problems, all closed that year."""
        meeting = self.branch.meetings.filter(
            kind=Meeting.Kind.LIFE_MEETING, held_on=FOUND_AT_LIFE_MEETING
        ).first()
        checklist = self._checklist(
            "2023年度组织生活会查摆问题整改清单",
            source=Checklist.Source.LIFE_MEETING,
            starts_on=FOUND_AT_LIFE_MEETING,
            meeting=meeting,
            description="组织生活会上开展批评和自我批评查摆的问题，逐条明确责任人、整改措施和"
            "完成时限，确保整改销项到位。",
        )
        for number, (problem, category, owner, measures, deadline, closed_on) in enumerate(
            BAIYUN_FINDINGS, start=1
        ):
            item = self._item(
                checklist, number, problem, category, owner, measures, FOUND_AT_LIFE_MEETING
            )
            item.deadline = deadline
            self._close(item, closed_on, measures)

    def recent_life_meeting_checklist(self):
        """The recent 组织生活会: its problems in every status, dated from today."""
        meeting = recent.life_meeting(self.branch)
        found = meeting.held_on
        checklist = self._checklist(
            "专题组织生活会查摆问题整改清单",
            source=Checklist.Source.LIFE_MEETING,
            starts_on=found,
            meeting=meeting,
            description="专题组织生活会上对照党章党规查摆的问题，逐条明确责任人、整改措施和"
            "完成时限，整改情况在下次组织生活会上通报。",
        )
        today = timezone.localdate()

        def days_from_today(days):
            # Never before the meeting (fifty days ago, unless that was in the record year).
            return max(found, today + timedelta(days=days))

        for number, (problem, category, owner, measures, status, deadline_in) in enumerate(
            RECENT_FINDINGS, start=1
        ):
            item = self._item(checklist, number, problem, category, owner, measures, found)
            item.deadline = days_from_today(deadline_in)
            if status == S.CLOSED:
                self._close(item, max(found, item.deadline - CLOSED_BEFORE_DEADLINE), measures)
                continue
            item.save()
            if status == S.OPEN:
                continue
            self._step(
                item, "start", S.OPEN, S.IN_PROGRESS, "已制定整改方案，正在推进。",
                days_from_today(-40),
            )  # fmt: skip
            if status == S.AWAITING:
                self._step(
                    item,
                    "submit",
                    S.IN_PROGRESS,
                    S.AWAITING,
                    "已按措施完成整改，相关材料已上传，请支委会验收。",
                    days_from_today(-2),
                )
            item.status = status
            item.save()

    def _item(self, checklist, number, problem, category, owner, measures, found):
        return Item(
            checklist=checklist,
            number=number,
            problem=problem,
            category=category,
            owner=self.people[owner],
            measures=measures,
            found_on=found,
            updated_by=self.secretary,
        )

    def _close(self, item, closed_on, measures):
        """An item that went the whole way: started, submitted, verified and closed."""
        item.save()
        started = item.found_on
        submitted = max(started, closed_on - timedelta(days=1))
        self._step(item, "start", S.OPEN, S.IN_PROGRESS, "", started)
        self._step(item, "submit", S.IN_PROGRESS, S.AWAITING, f"已完成：{measures}。", submitted)
        self._step(item, "close", S.AWAITING, S.CLOSED, "现场复查合格，同意销号。", closed_on)
        item.status, item.closed_on, item.verified_by = S.CLOSED, closed_on, self.secretary
        item.save()

    def _step(self, item, move, source, target, note, day):
        at = timezone.make_aware(datetime.combine(day, time(16, 30)))
        Step.objects.create(
            item=item, move=move, source=source, target=target, note=note, by=self.secretary, at=at
        )
