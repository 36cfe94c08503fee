"""Photos of the demo year's meetings and activities, drawn with Pillow when the demo is
loaded (nothing is downloaded): simple scenes of a meeting room, a site, a village, a
planting, a stage, with the event's banner. They are stored like any upload, through
the attachments app, so they are served only to those who may see the branch; those
marked for the report are the photos of its appendix, with captions from the case
studies."""

import random
from datetime import date
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFont

from activities.models import Activity, Meeting
from attachments.models import Attachment
from attachments.uploads import clean_upload
from devdata.demo.branches import BAIYUN, HUIGANG

from .year import YEAR

SIZE = WIDTH, HEIGHT = 1280, 960
# Debian's fonts-noto-cjk, which the reports need anyway; without it banners stay blank.
BANNER_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"

M, A = Meeting, Activity
# (meeting or activity, its kind, held on, scene, banner, caption, in the report)
PHOTOS = {
    BAIYUN["name"]: [
        (M, M.Kind.THEME_DAY, date(YEAR, 1, 2), "hall", "新年“开工第一课” 重温入党誓词",
         "全体党员面向党旗重温入党誓词", False),
        (A, A.Kind.JOINT, date(YEAR, 3, 12), "planting", "植树节党建联建 共植“党建林”",
         "以植树节为载体与周边村委开展党建联建活动", True),
        (M, M.Kind.LECTURE, date(YEAR, 3, 22), "lecture", "绿色发展专题党课",
         "开展绿色发展专题党课，组织党员深入学习“双碳”知识", True),
        (A, A.Kind.VOLUNTEER, date(YEAR, 5, 18), "village", "党员志愿服务 登革热防控",
         "项目党员突击队协助属地开展区域消杀", True),
        (A, A.Kind.PRACTICAL_HELP, date(YEAR, 5, 30), "school", "爱心助学 情暖童心",
         "为广州市白云区第一小学的学生赠送书籍、生活用品", True),
        (A, A.Kind.SAFETY_CHECK, date(YEAR, 6, 14), "site", "安全生产月 党员身边无事故",
         "开展“党员身边无事故”活动，党员带队现场安全大检查", True),
        (A, A.Kind.PRACTICAL_HELP, date(YEAR, 11, 16), "village", "我为群众办实事",
         "为当地村民修缮房屋", True),
    ],
    HUIGANG["name"]: [
        (A, A.Kind.VISIT, date(YEAR, 2, 6), "village", "党建共建 慰问困难党员",
         "联合江门市市区公路局党总支部到项目驻地村庄慰问困难党员", True),
        (A, A.Kind.SAFETY_CHECK, date(YEAR, 5, 10), "site", "汛前联合安全生产专项检查",
         "双方成立安全检查组，定期开展安全生产专项检查", False),
        (A, A.Kind.JOINT, date(YEAR, 7, 1), "planting", "“三同”主题党日 同劳动同学习同交流",
         "7月1日，双方以“三同”活动为抓手，共同参加义务劳动", True),
        (A, A.Kind.CULTURAL, date(YEAR, 9, 19), "stage", "庆祝新中国成立75周年文艺晚会",
         "受邀参加江门市市区公路局文艺晚会并出演《走向复兴》大合唱", True),
        (A, A.Kind.SAFETY_CHECK, date(YEAR, 10, 1), "site", "庆国庆、强自信，走现场、促履约",
         "联合市区公路局、威东村村委会一同到施工现场进行安全检查", True),
    ],
}  # fmt: skip

RED, GOLD, WHITE = (190, 28, 32), (250, 210, 80), (245, 245, 240)
SKIN = [(236, 196, 160), (224, 180, 140), (240, 205, 172)]
CLOTHES = [(40, 52, 80), (230, 230, 225), (70, 90, 120), (120, 40, 40), (60, 60, 60)]
HAIR = (30, 26, 24)


def load(branch, user):
    """Draw, store and caption the branch's photos of the year."""
    rng = random.Random(branch.name)  # noqa: S311 (demo drawings, not security)
    for model, kind, held_on, scene, banner, caption, _in_report in PHOTOS[branch.name]:
        record = model.objects.get(branch=branch, kind=kind, held_on=held_on)
        name = f"{held_on:%Y%m%d}-{scene}.jpg"
        upload = clean_upload(SimpleUploadedFile(name, drawing(scene, banner, rng)))
        Attachment.objects.attach(record, [upload], user, caption)


def report_captions(branch_name):
    """The captions of the photos chosen for the branch's annual report."""
    return [row[5] for row in PHOTOS[branch_name] if row[6]]


def drawing(scene, banner, rng):
    """A JPEG of the scene under the event's banner."""
    image = Image.new("RGB", SIZE, WHITE)
    draw = ImageDraw.Draw(image)
    SCENES[scene](draw, rng)
    _banner(draw, banner, top=BANNER_TOP.get(scene, 70))
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def _banner(draw, text, top):
    """The red banner (横幅) every event hangs up, with its title in gold."""
    draw.rectangle([120, top, WIDTH - 120, top + 110], fill=RED)
    try:
        font = ImageFont.truetype(BANNER_FONT, 58)
    except OSError:
        return
    draw.text((WIDTH / 2, top + 55), text, font=font, fill=GOLD, anchor="mm")


def _sky(draw, ground_y, ground):
    for y in range(ground_y):
        shade = y / ground_y
        draw.line([0, y, WIDTH, y], fill=(int(120 + 90 * shade), int(170 + 60 * shade), 235))
    draw.rectangle([0, ground_y, WIDTH, HEIGHT], fill=ground)


def _person(draw, x, y, scale, rng, shirt=None, hat=None):
    """A person standing at (x, y) (feet), `scale` times the size of one at the front."""
    shirt = shirt or rng.choice(CLOTHES)
    head, body = 26 * scale, 70 * scale
    draw.rounded_rectangle(
        [x - 40 * scale, y - 2.6 * body, x + 40 * scale, y - body], radius=16 * scale, fill=shirt
    )
    draw.rectangle([x - 30 * scale, y - body, x + 30 * scale, y], fill=(50, 50, 60))
    top = y - 2.6 * body - 2 * head
    draw.ellipse([x - head, top, x + head, top + 2 * head], fill=rng.choice(SKIN))
    if hat:
        draw.chord(
            [x - head * 1.1, top - head * 0.3, x + head * 1.1, top + head * 1.3], 180, 360, fill=hat
        )
    else:
        draw.chord([x - head, top, x + head, top + 2 * head], 180, 360, fill=HAIR)


def _crowd(draw, rng, rows, shirt=None, hats=None):
    """Rows of people, the back rows smaller and higher: [(feet y, scale, count)]."""
    for y, scale, count in rows:
        step = (WIDTH - 160) / count
        for number in range(count):
            x = 80 + step * (number + 0.5) + rng.uniform(-12, 12)
            hat = rng.choice(hats) if hats else None
            _person(draw, x, y, scale, rng, shirt, hat)


def _seated(draw, rng, rows):
    """Rows of people seen from behind, heads and shoulders above the chairs."""
    for y, scale, count in rows:
        step = (WIDTH - 120) / count
        for number in range(count):
            x = 60 + step * (number + 0.5)
            draw.rounded_rectangle(
                [x - 48 * scale, y - 60 * scale, x + 48 * scale, y + 40 * scale],
                radius=18 * scale,
                fill=rng.choice(CLOTHES),
            )
            draw.ellipse(
                [x - 28 * scale, y - 120 * scale, x + 28 * scale, y - 56 * scale], fill=HAIR
            )


def _hall(draw, rng):
    draw.rectangle([0, 0, WIDTH, HEIGHT], fill=(236, 226, 206))
    draw.rectangle([0, 700, WIDTH, HEIGHT], fill=(150, 104, 70))
    draw.rectangle([470, 200, 810, 420], fill=RED)  # the flag on the wall
    draw.ellipse([500, 220, 560, 280], fill=GOLD)
    draw.rectangle([380, 470, 900, 560], fill=(120, 70, 40))  # the table in front
    _person(draw, 640, 560, 0.9, rng, shirt=(40, 52, 80))
    _seated(draw, rng, [(720, 0.9, 8), (860, 1.1, 7)])


def _lecture(draw, rng):
    draw.rectangle([0, 0, WIDTH, HEIGHT], fill=(232, 230, 222))
    draw.rectangle([0, 700, WIDTH, HEIGHT], fill=(140, 110, 90))
    draw.rectangle([330, 190, 950, 520], fill=(225, 238, 246), outline=(90, 90, 90), width=6)
    for number in range(5):  # the slide's lines and a chart
        draw.rectangle(
            [380, 240 + 50 * number, 700 - 40 * (number % 3), 262 + 50 * number],
            fill=(90, 130, 170),
        )
    for number, height in enumerate((80, 130, 170, 220)):
        draw.rectangle(
            [740 + 45 * number, 480 - height, 770 + 45 * number, 480], fill=(80, 160, 90)
        )
    draw.rectangle([140, 460, 260, 640], fill=(120, 70, 40))  # the lectern
    _person(draw, 200, 640, 0.85, rng, shirt=WHITE)
    _seated(draw, rng, [(740, 0.9, 8), (880, 1.1, 7)])


def _site(draw, rng):
    _sky(draw, 560, (176, 150, 112))
    # The frame going up, as far as the site has got, and the tower crane beside it.
    left, top = rng.choice([560, 620, 700]), rng.choice([260, 320, 380])
    crane = rng.randint(200, 360)
    draw.rectangle([left, top, left + 480, 560], fill=(170, 170, 168))
    for floor in range(top, 560, 60):
        draw.line([left, floor, left + 480, floor], fill=(110, 110, 110), width=6)
    for column in range(left, left + 481, 80):
        draw.line([column, top, column, 560], fill=(110, 110, 110), width=6)
    draw.rectangle([crane, 200, crane + 20, 560], fill=(235, 180, 30))
    draw.line([crane - 140, 210, crane + 600, 210], fill=(235, 180, 30), width=14)
    draw.line([crane + 520, 210, crane + 520, 330], fill=(60, 60, 60), width=3)
    hats = [(250, 200, 40), (245, 245, 245), (220, 50, 40)]
    _crowd(draw, rng, [(760, 0.8, 6), (920, 1.0, 5)], shirt=(240, 120, 30), hats=hats)


def _village(draw, rng):
    _sky(draw, 520, (150, 170, 120))
    draw.polygon([(0, 520), (260, 330), (520, 520)], fill=(96, 140, 90))  # the hills
    draw.polygon([(380, 520), (700, 300), (1000, 520)], fill=(110, 150, 100))
    for left in rng.choice([(120, 760, 1010), (60, 320, 900), (200, 980)]):  # the houses
        draw.rectangle([left, 400, left + 200, 560], fill=(238, 234, 226))
        draw.polygon([(left - 20, 400), (left + 100, 330), (left + 220, 400)], fill=(120, 60, 50))
        draw.rectangle([left + 80, 480, left + 120, 560], fill=(90, 70, 50))
    draw.rectangle([430, 560, 850, 640], fill=(200, 60, 50))  # the service table
    _crowd(draw, rng, [(760, 0.8, 6), (920, 1.0, 5)], shirt=RED)


def _school(draw, rng):
    _sky(draw, 520, (200, 190, 170))
    draw.rectangle([160, 260, 1120, 560], fill=(238, 222, 190))  # the school building
    for row in (300, 420):
        for left in range(200, 1100, 120):
            draw.rectangle([left, row, left + 70, row + 70], fill=(140, 180, 210))
    for left in range(420, 860, 90):  # the boxes of books
        draw.rectangle([left, 600, left + 70, 660], fill=(196, 150, 90))
    _crowd(draw, rng, [(780, 0.6, 9)], shirt=WHITE)
    _crowd(draw, rng, [(930, 1.0, 5)], shirt=RED)


def _planting(draw, rng):
    _sky(draw, 500, (110, 160, 80))
    for left in range(60, WIDTH, 140):  # the saplings
        draw.rectangle([left + 34, 520, left + 46, 600], fill=(110, 80, 50))
        draw.ellipse([left, 440, left + 80, 540], fill=(60, 140, 70))
    _crowd(draw, rng, [(780, 0.8, 6), (930, 1.0, 5)])
    for left in range(180, WIDTH, 260):  # the shovels
        draw.line([left, 700, left + 60, 930], fill=(120, 90, 60), width=8)


def _stage(draw, rng):
    draw.rectangle([0, 0, WIDTH, HEIGHT], fill=(40, 20, 30))
    draw.rectangle([60, 160, WIDTH - 60, 620], fill=(170, 30, 40))  # the backdrop
    draw.rectangle([0, 620, WIDTH, 700], fill=(120, 80, 50))  # the stage's edge
    _crowd(draw, rng, [(480, 0.55, 12), (610, 0.6, 11)], shirt=WHITE)
    _seated(draw, rng, [(900, 1.2, 7)])


SCENES = {
    "hall": _hall,
    "lecture": _lecture,
    "site": _site,
    "village": _village,
    "school": _school,
    "planting": _planting,
    "stage": _stage,
}
# Indoors the banner hangs high on the wall; on a stage, on the backdrop.
BANNER_TOP = {"hall": 40, "lecture": 40, "stage": 190}
