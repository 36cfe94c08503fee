"""The demo year, and the places and partner organizations its records name."""

from devdata.demo.branches import BAIYUN, HUIGANG, PARTNER

YEAR = 2024

PLACES = {BAIYUN["name"]: "项目部党员活动室", HUIGANG["name"]: "项目部党建活动室"}

ROAD_BUREAU = PARTNER["name"]
VILLAGE = "白云轨交项目周边村委会"
VOLUNTEER_CENTRE = "广州市志愿者行动指导中心"
SCHOOL = "广州市白云区第一小学"
WEIDONG = "威东村村委会"
CABLE_TV = "广东省广播电视网络股份有限公司江门分公司"

PARTNERS = {
    ROAD_BUREAU: PARTNER["description"],
    VILLAGE: "白云轨交项目驻地周边的村民委员会，以植树节、儿童节等节日为载体开展党建联建。",
    VOLUNTEER_CENTRE: "在共青团广州市委员会指导下联合开展“云陪伴”志愿科普小课堂。",
    SCHOOL: "白云轨交项目党支部赠送书籍、生活用品的学校。",
    WEIDONG: "会港大道项目驻地村委会，共同开展“庆国庆、强自信，走现场、促履约”主题活动。",
    CABLE_TV: "与会港大道项目部同台参加江门市市区公路局文艺晚会。",
}
