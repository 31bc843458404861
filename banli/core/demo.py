"""The demo city (宿州市) as plain data: the organisation, the people and a handful of submissions.

Everything here is deterministic: names, mobiles and phones come from fixed seeds, so every run of
``manage.py load_demo`` describes exactly the same city and the loader can key each row on its natural
key. All names, numbers and submissions are fictitious.

DEMO ONLY: every demo account shares the password :data:`DEMO_PASSWORD`. Never load this into a
production database.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from functools import cache

from banli.core.models.org import AssemblyKind, RoleCode, System

#: Shared by every demo account; for demonstration only.
DEMO_PASSWORD = "Banli@2026"
SEED = 2026

JURISDICTION = {"name": "宿州市", "short_name": "市", "level": "city"}

#: (term, name, short name, first year, last year) of the current term of each assembly.
ASSEMBLIES = {
    AssemblyKind.NPC: (6, "宿州市第六届人民代表大会", "市六届人大", 2022, 2026),
    AssemblyKind.CPPCC: (6, "政协宿州市第六届委员会", "市六届政协", 2022, 2026),
}

#: (number, name, NPC opens, NPC closes); the CPPCC session opens and closes a day earlier.
SESSIONS: list[tuple[int, str, dt.date, dt.date]] = [
    (1, "六届一次会议", dt.date(2022, 1, 8), dt.date(2022, 1, 11)),
    (2, "六届二次会议", dt.date(2023, 1, 7), dt.date(2023, 1, 10)),
    (3, "六届三次会议", dt.date(2024, 1, 6), dt.date(2024, 1, 9)),
    (4, "六届四次会议", dt.date(2025, 1, 11), dt.date(2025, 1, 14)),
    (5, "六届五次会议", dt.date(2026, 1, 10), dt.date(2026, 1, 13)),
]
#: The session the registered demo items belong to; drafts and pending items are 闭会期间 of its year.
CURRENT_SESSION = 5

G, P = System.GOVERNMENT, System.PARTY
#: (name, short name, assembly served) of the registry offices.
REGISTRIES = [
    ("市人大常委会代表工委", "代表工委", AssemblyKind.NPC),
    ("市政协提案委", "提案委", AssemblyKind.CPPCC),
]
#: (name, short name, system) of the coordinating offices.
COORDINATORS = [("市政府办公室", "市政府办", G), ("市委办公室", "市委办", P)]
COMMITTEES = [
    ("市人大常委会财政经济工作委员会", "市人大财经委"),
    ("市人大常委会教育科学文化卫生工作委员会", "市人大教科文卫委"),
    ("市人大常委会城乡建设环境保护工作委员会", "市人大城建环保委"),
    ("市人大常委会农业农村工作委员会", "市人大农委"),
    ("市人大常委会社会建设工作委员会", "市人大社会委"),
    ("市人大常委会监察和司法工作委员会", "市人大监司委"),
]
#: 文号 patterns of some units ({year}, {n}); the others number as 单位简称复〔年〕N号.
DOC_PATTERNS = {
    "市发展和改革委员会": "宿发改提〔{year}〕{n}号",
    "市教育局": "宿教秘〔{year}〕{n}号",
    "市住房和城乡建设局": "宿建函〔{year}〕{n}号",
}
#: (name, short name, system) of the handling units; the first is the demo liaison's unit.
HANDLING_UNITS = [
    ("市发展和改革委员会", "市发改委", G),
    ("市教育局", "", G),
    ("市科学技术局", "市科技局", G),
    ("市经济和信息化局", "市经信局", G),
    ("市公安局", "", G),
    ("市民政局", "", G),
    ("市司法局", "", G),
    ("市财政局", "", G),
    ("市人力资源和社会保障局", "市人社局", G),
    ("市自然资源和规划局", "市自然资源规划局", G),
    ("市生态环境局", "", G),
    ("市住房和城乡建设局", "市住建局", G),
    ("市交通运输局", "", G),
    ("市水利局", "", G),
    ("市农业农村局", "", G),
    ("市商务局", "", G),
    ("市文化和旅游局", "市文旅局", G),
    ("市卫生健康委员会", "市卫健委", G),
    ("市退役军人事务局", "市退役军人局", G),
    ("市应急管理局", "市应急局", G),
    ("市市场监督管理局", "市市场监管局", G),
    ("市城市管理局", "市城管局", G),
    ("市数据资源管理局", "市数据资源局", G),
    ("市医疗保障局", "市医保局", G),
    ("市林业局", "", G),
    ("市供销社", "", G),
    ("市委组织部", "", P),
    ("市委宣传部", "", P),
    ("市委统战部", "", P),
    ("市中级人民法院", "市中院", System.COURT),
    ("市人民检察院", "市检察院", System.PROCURATORATE),
    ("国网宿州供电公司", "宿州供电公司", System.OTHER),
]

#: (top-level category, its committee or "", children); children share the committee.
CATEGORIES: list[tuple[str, str, tuple[str, ...]]] = [
    ("经济发展", "市人大常委会财政经济工作委员会", ("营商环境", "产业发展", "工业和信息化", "财政金融")),
    ("城乡建设", "市人大常委会城乡建设环境保护工作委员会", ("城市规划", "城市管理", "交通出行", "住房保障")),
    ("教育科技", "市人大常委会教育科学文化卫生工作委员会", ("基础教育", "职业教育", "科技创新")),
    ("医疗卫生", "市人大常委会教育科学文化卫生工作委员会", ("医疗服务", "医疗保障", "公共卫生")),
    ("社会保障", "市人大常委会社会建设工作委员会", ("就业创业", "养老服务", "社会救助")),
    ("农业农村", "市人大常委会农业农村工作委员会", ("乡村振兴", "农业产业", "农村基础设施")),
    ("生态环境", "市人大常委会城乡建设环境保护工作委员会", ("污染防治", "林业绿化")),
    ("文化旅游", "市人大常委会教育科学文化卫生工作委员会", ("文化事业", "旅游发展")),
    ("政法", "市人大常委会监察和司法工作委员会", ("社会治安", "法治建设")),
    ("其他", "", ()),
]

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶"
    "余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段钱汤尹黎易常武乔贺赖龚"
)
GIVEN_FIRST = "志建文国明海晓永春秀玉俊子嘉思雨欣浩宇博振德立光红丽晨佳家天新庆成世学彦维婷雪宏兴金长"
GIVEN_SECOND = "华军平明伟强芳英梅丽涛杰辉斌峰宁静洁敏琳娜涵轩阳磊鹏飞超刚勇红霞燕兰萍云龙林波东亮"

#: (delegation, place used in employers and constituencies); 市直 deputies are elected in a county.
DELEGATIONS = [
    ("埇桥区代表团", "埇桥区"), ("砀山县代表团", "砀山县"), ("萧县代表团", "萧县"),
    ("灵璧县代表团", "灵璧县"), ("泗县代表团", "泗县"), ("市直代表团", "宿州市"),
]  # fmt: skip
COUNTIES = ("埇桥区", "砀山县", "萧县", "灵璧县", "泗县")
SECTORS = (
    "中共界", "民革界", "民盟界", "民建界", "民进界", "农工党界", "九三学社界", "无党派人士界",
    "工商联界", "经济界", "教育界", "科技界", "文化艺术界", "医药卫生界", "农业界", "社会福利和社会保障界",
)  # fmt: skip
EMPLOYERS = (
    "{}某某农业科技有限公司总经理", "{}某某镇党委书记", "{}某某村党总支书记、村委会主任",
    "{}某某食品有限公司董事长", "{}某某中学校长", "{}某某医院主任医师", "{}某某社区党委书记",
    "{}某某律师事务所主任", "{}某某家庭农场负责人", "{}某某建设集团有限公司副总经理", "{}某某小学教师",
    "{}某某街道办事处主任", "{}某某电子科技有限公司工程师", "{}某某物流有限公司总经理",
    "{}某某果品专业合作社理事长",
)  # fmt: skip
DEPUTIES, MEMBERS = 60, 40

#: The demo logins, in the order of the printed table.
LOGINS = (
    "daibiao", "weiyuan", "gongwei", "tianwei", "zhengfuban", "shiweiban", "lianluoyuan", "jingbanren",
    "fenguan", "zhuyao", "lingdao", "weiyuanhui", "xitong", "anquan", "shenji",
)  # fmt: skip


@dataclass(frozen=True)
class RoleSpec:
    code: str
    unit: str  # unit name, or "" for a role held in the jurisdiction
    title: str


@dataclass(frozen=True)
class PersonSpec:
    username: str
    full_name: str
    mobile: str
    roles: tuple[RoleSpec, ...] = ()
    login: str = ""  # what the login table says about a demo login; empty for generated users
    is_staff: bool = False


@dataclass(frozen=True)
class MemberSpec:
    username: str
    assembly: str
    delegation: str = ""
    sector: str = ""
    constituency: str = ""
    employer: str = ""


@dataclass(frozen=True)
class People:
    persons: list[PersonSpec] = field(default_factory=list)
    #: Deputies (npc) and members (cppcc), each list starting with the demo login (index 0).
    members: dict[str, list[MemberSpec]] = field(default_factory=dict)


#: Head of a unit by the end of its name (分管负责人 is the deputy: 副主任, 副局长…); default 局长.
HEAD_TITLES = {"委员会": "主任", "检察院": "检察长", "法院": "院长", "部": "部长", "公司": "总经理", "社": "主任"}  # fmt: skip


def head_titles(unit: str) -> tuple[str, str]:
    """(分管负责人, 主要负责人) titles that fit the kind of unit."""
    head = next((title for suffix, title in HEAD_TITLES.items() if unit.endswith(suffix)), "局长")
    return f"副{head}", head


class _Names:
    """Unique Chinese names and fake 139 mobiles from a fixed seed."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.names: set[str] = set()
        self.mobiles: set[str] = set()

    def person(self) -> tuple[str, str]:
        while True:
            given = self.rng.choice(GIVEN_SECOND)
            if self.rng.random() < 0.75:
                given = self.rng.choice(GIVEN_FIRST) + given
            name = self.rng.choice(SURNAMES) + given
            if name not in self.names:
                self.names.add(name)
                break
        while True:
            mobile = f"139{self.rng.randrange(10**8):08d}"
            if mobile not in self.mobiles:
                self.mobiles.add(mobile)
                return name, mobile


def unit_phone(index: int) -> str:
    """A fake 0557 (宿州) office number, fixed per unit position."""
    return f"0557-{random.Random(SEED * 1000 + index).randrange(3000000, 3999999)}"


@cache
def people() -> People:
    """Every demo person in a fixed order; generated users are numbered u0001, u0002… in that order."""
    names, rng = _Names(SEED), random.Random(SEED + 1)
    out = People(members={AssemblyKind.NPC: [], AssemblyKind.CPPCC: []})
    counter = 0

    def add(login: str, roles: tuple[RoleSpec, ...], label: str = "", *, staff: bool = False) -> str:
        nonlocal counter
        if not login:
            counter += 1
        username = login or f"u{counter:04d}"
        full_name, mobile = names.person()
        out.persons.append(PersonSpec(username, full_name, mobile, roles, label if login else "", staff))
        return username

    demo_unit = HANDLING_UNITS[0][0]
    for unit, _short, _system in HANDLING_UNITS:
        reviewing, signing = head_titles(unit)
        for code, title, login in (
            (RoleCode.LIAISON, "办公室主任", "lianluoyuan"),
            (RoleCode.HANDLER, "科长", "jingbanren"),
            (RoleCode.REVIEWING_HEAD, reviewing, "fenguan"),
            (RoleCode.SIGNING_HEAD, signing, "zhuyao"),
        ):
            label = f"{unit} · {RoleCode(code).label}（{title}）"
            add(login if unit == demo_unit else "", (RoleSpec(code, unit, title),), label)
    offices = [
        (REGISTRIES[0][0], RoleCode.REGISTRY_STAFF, "gongwei", ("代表联络科科长", "代表工委副主任")),
        (REGISTRIES[1][0], RoleCode.REGISTRY_STAFF, "tianwei", ("提案科科长", "提案委副主任")),
        (COORDINATORS[0][0], RoleCode.COORDINATOR_STAFF, "zhengfuban", ("督查科科长", "市政府办公室副主任")),
        (COORDINATORS[1][0], RoleCode.COORDINATOR_STAFF, "shiweiban", ("督查室副主任", "督查室主任")),
    ]
    for unit, code, login, titles in offices:
        for i, title in enumerate(titles):
            label = f"{unit} · {RoleCode(code).label}（{title}）"
            add(login if i == 0 else "", (RoleSpec(code, unit, title),), label)
    for i, (unit, _short) in enumerate(COMMITTEES):
        titles = ("主任", "副主任") if i == 0 else ("主任",)
        for k, title in enumerate(titles):
            label = f"{unit} · 委员会成员（{title}）"
            add(
                "weiyuanhui" if i == k == 0 else "",
                (RoleSpec(RoleCode.COMMITTEE_MEMBER, unit, title),),
                label,
            )
    add("lingdao", (RoleSpec(RoleCode.LEADER, "", "市人大常委会副主任"),), "领导 · 市人大常委会副主任")
    add("", (RoleSpec(RoleCode.LEADER, "", "市政协副主席"),))
    for login, code, note in (
        ("xitong", RoleCode.SYSTEM_ADMIN, "（可进入管理后台维护配置）"),
        ("anquan", RoleCode.SECURITY_ADMIN, "（管理账号与角色）"),
        ("shenji", RoleCode.AUDITOR, "（查阅操作记录）"),
    ):
        label = f"{RoleCode(code).label}{note}"
        add(
            login,
            (RoleSpec(code, "", str(RoleCode(code).label)),),
            label,
            staff=True,
        )
    for i in range(DEPUTIES):
        delegation, place = DELEGATIONS[i % len(DELEGATIONS)]
        constituency = place if place in COUNTIES else rng.choice(COUNTIES)
        employer = rng.choice(EMPLOYERS).format(place)
        username = add("daibiao" if i == 0 else "", (), f"市六届人大代表 · {delegation}（有草稿）")
        spec = MemberSpec(username, AssemblyKind.NPC, delegation, "", constituency, employer)
        out.members[AssemblyKind.NPC].append(spec)
    for i in range(MEMBERS):
        sector = SECTORS[i % len(SECTORS)]
        employer = rng.choice(EMPLOYERS).format(rng.choice((*COUNTIES, "宿州市")))
        username = add("weiyuan" if i == 0 else "", (), f"市六届政协委员 · {sector}（有草稿）")
        out.members[AssemblyKind.CPPCC].append(
            MemberSpec(username, AssemblyKind.CPPCC, "", sector, "", employer)
        )
    return out


# ---- submissions --------------------------------------------------------------------------------------

#: How far each demo item has come. draft and submitted items are 闭会期间; the rest belong to the session.
STAGES = ("draft", "submitted", "registered", "assigning", "assigned", "received")


@dataclass(frozen=True)
class SubmissionSpec:
    assembly: str
    author: int  # index into people().members[assembly]; 0 is the demo login
    stage: str
    title: str
    category: str
    problem: str
    advice: str
    system: str = G
    units: tuple[str, ...] = ()  # the lead (or sole) unit first, then the co-handlers
    is_key: bool = False


NPC, CPPCC = AssemblyKind.NPC, AssemblyKind.CPPCC
DRC, ECON, HRSS, SCI = "市发展和改革委员会", "市经济和信息化局", "市人力资源和社会保障局", "市科学技术局"

# One item a row: (assembly, author, stage, title, category), then the 问题 paragraph, then the 建议 one.
# fmt: off
SUBMISSIONS: list[SubmissionSpec] = [
    SubmissionSpec(NPC, 0, "draft", "关于加快城区老旧小区加装电梯的建议", "住房保障",
        "我市城区2000年以前建成的老旧小区多为六层以下住宅，没有电梯，老年居民上下楼困难。加装电梯涉及低层住户意见协调、资金分摊和审批手续等问题，推进较慢。",
        "一是出台加装电梯实施细则，简化规划、施工和验收手续；二是设立财政补助资金，允许提取住房公积金用于加装电梯；三是发挥社区和业主委员会作用，建立低层住户补偿协商机制。"),
    SubmissionSpec(NPC, 0, "draft", "关于提升中小学课后服务质量的建议", "基础教育",
        "课后服务已在我市中小学全面开展，但部分学校课后服务以看管和写作业为主，师资力量不足，体育、艺术、科技类项目较少，家长满意度不高。",
        "一是统筹引入青少年活动中心、科技馆、体育俱乐部等校外资源参与课后服务；二是完善教师参与课后服务的补助和考核办法；三是建立课后服务质量评价和家长反馈机制。"),
    SubmissionSpec(NPC, 0, "submitted", "关于优化城区中小学上下学交通秩序的建议", "交通出行",
        "城区部分中小学周边道路狭窄，上下学高峰期接送车辆乱停乱放、人车混行，交通拥堵严重，存在安全隐患。",
        "一是在学校周边设置临时停车区和即停即走车道；二是高峰时段增派交警和志愿者疏导交通；三是推行错峰放学，鼓励学校与周边单位共享停车场。"),
    SubmissionSpec(NPC, 7, "submitted", "关于加强砀山酥梨品牌保护和推广的建议", "农业产业",
        "砀山酥梨是国家地理标志产品，但市场上冒用“砀山酥梨”品牌的现象时有发生，品牌溢价未能充分体现，果农增收受到影响。",
        "一是加大地理标志产品保护执法力度，严厉打击假冒行为；二是建立酥梨质量追溯体系，推广统一包装和标识；三是支持电商直播等新渠道宣传推广，提升品牌影响力。"),
    SubmissionSpec(NPC, 12, "submitted", "关于规范医院过度检查的建议", "医疗服务",
        "群众反映部分医疗机构存在重复检查、过度检查现象，不同医院之间检查结果互认不畅，增加了患者就医负担，也浪费了医保基金。",
        "一是开展合理检查专项整治，将大型医用设备检查阳性率纳入医院考核；二是加快推进医学影像和检验结果互认共享；三是加强医保智能监控，对不合理检查费用予以拒付。"),
    SubmissionSpec(NPC, 3, "submitted", "关于提高城乡居民基本养老保险待遇水平的建议", "养老服务",
        "我市城乡居民基本养老保险参保人员多数选择最低缴费档次，养老金水平偏低，难以满足农村老年人基本生活需要。",
        "一是逐步提高基础养老金标准，建立正常调整机制；二是完善多缴多得激励政策，引导参保人选择较高缴费档次；三是加大对困难群体的代缴支持力度。"),
    SubmissionSpec(NPC, 14, "submitted", "关于加强城区背街小巷路灯照明管护的建议", "城市管理",
        "城区部分背街小巷路灯缺失或损坏后长期得不到维修，夜间照明不足，群众出行不便，也存在治安隐患。",
        "一是开展背街小巷照明设施排查，补齐照明短板；二是明确路灯管护责任主体，建立快速报修和维修机制；三是推广节能灯具和智能照明控制。"),
    SubmissionSpec(NPC, 4, "registered", "关于加强农村饮用水安全保障的建议", "农村基础设施",
        "我市部分农村地区供水管网老化，季节性缺水和水质不稳定问题仍然存在，一些偏远村庄供水保障能力较弱。",
        "一是推进城乡供水一体化，加快老旧管网改造；二是加强农村水源地保护和水质检测；三是建立农村供水工程长效管护机制，落实管护经费。"),
    SubmissionSpec(NPC, 5, "assigning", "关于全面推进我市韧性安全城市建设的建议", "城市管理",
        "近年来极端天气多发，我市城区部分路段汛期积水，污水管网淤堵，城市生命线工程监测预警能力不足，城市安全韧性有待提升。",
        "一是开展城区排水管网排查清淤和雨污分流改造；二是加快城市生命线安全工程建设，实现燃气、供水、桥梁等实时监测；三是完善应急预案，定期组织演练。",
        is_key=True),
    SubmissionSpec(NPC, 6, "assigning", "关于加快推进城区公共停车设施建设的建议", "交通出行",
        "我市机动车保有量快速增长，城区老旧小区、医院、学校周边停车位严重不足，占道停车现象普遍，影响道路通行。",
        "一是编制城区停车设施专项规划；二是利用边角地、闲置地建设立体停车场；三是推行机关企事业单位停车场错时共享，加快智慧停车平台建设。"),
    SubmissionSpec(NPC, 9, "assigning", "关于进一步完善项目管理机制，提高财政衔接乡村振兴资金效益的建议", "乡村振兴",
        "部分衔接推进乡村振兴补助资金项目存在前期论证不充分、建成后管护不到位、联农带农机制不健全等问题，资金使用效益有待提高。",
        "一是健全项目库管理，加强项目前期论证；二是落实项目资产管护责任；三是完善联农带农利益联结机制，优先支持脱贫户和监测对象增收。"),
    SubmissionSpec(NPC, 11, "assigning", "关于加强年轻干部基层实践锻炼的建议", "其他",
        "部分年轻干部从校门到机关门，缺乏基层工作经历，群众工作能力和处理复杂问题的能力有待提高。",
        "一是有计划地选派年轻干部到乡镇、社区和信访、招商一线锻炼；二是建立基层锻炼考核评价机制，将表现作为选拔任用的重要依据；三是加强跟踪培养和关心关爱。",
        system=P),
    SubmissionSpec(NPC, 2, "assigned", "关于推动我市民营经济高质量发展的建议", "营商环境",
        "我市民营企业数量多、规模小，融资难融资贵、要素保障不足、涉企政策知晓度不高等问题仍然存在，民营经济发展活力有待进一步激发。",
        "一是全面落实促进民营经济发展的各项政策，推行惠企政策“免申即享”；二是完善政银企对接机制，扩大中小微企业信贷投放；三是持续优化营商环境，畅通企业诉求反映和解决渠道。",
        units=(DRC, ECON, "市市场监督管理局"), is_key=True),
    SubmissionSpec(NPC, 8, "assigned", "关于推进创业孵化器建设的建议", "就业创业",
        "我市创业孵化载体数量不少，但部分孵化器服务功能单一，专业化运营水平不高，入驻项目质量和孵化成功率偏低。",
        "一是引导孵化器向专业化、市场化方向发展；二是加大创业担保贷款和天使投资支持力度；三是对孵化成效好的孵化器给予绩效奖励。",
        units=(HRSS, DRC, SCI)),
    SubmissionSpec(NPC, 10, "assigned", "关于加强重大项目谋划储备的建议", "产业发展",
        "我市重大项目储备不足、前期工作深度不够，部分项目因用地、环评等要素制约落地较慢，影响有效投资增长。",
        "一是建立重大项目谋划储备库，实行滚动管理；二是设立项目前期工作经费，提高前期工作深度；三是加强用地、用能、环评等要素统筹保障。",
        units=(DRC,)),
    SubmissionSpec(NPC, 1, "received", "关于支持砀山县、萧县发展果蔬冷链物流的建议", "农业产业",
        "砀山县、萧县是全国重要的水果生产基地，但产地冷藏保鲜设施不足，果蔬采后损耗率较高，错峰销售能力弱，影响果农收益。",
        "一是将果蔬产地冷链设施纳入专项规划和项目支持范围；二是支持合作社和家庭农场建设小型冷藏保鲜设施；三是培育冷链物流龙头企业，完善县乡村三级冷链网络。",
        units=(DRC, "市农业农村局")),
    SubmissionSpec(NPC, 13, "received", "关于加快推进我市综合货运枢纽建设的建议", "交通出行",
        "我市地处长三角和中原经济区交汇地带，但物流枢纽功能不强，公铁联运衔接不畅，物流成本偏高，制约了产业发展。",
        "一是加快综合货运枢纽项目建设，争取纳入国家物流枢纽布局；二是完善铁路专用线和多式联运设施；三是培育引进一批龙头物流企业。",
        units=(DRC,)),
    SubmissionSpec(CPPCC, 0, "draft", "关于加强历史文化街区保护利用的提案", "文化事业",
        "我市历史文化资源丰富，但部分历史街区和老建筑年久失修，保护与开发利用统筹不够，文化价值和旅游价值未能充分发挥。",
        "一是开展历史建筑普查建档；二是编制历史文化街区保护利用规划；三是引入社会资本参与活化利用，发展文化创意和特色旅游业态。"),
    SubmissionSpec(CPPCC, 0, "submitted", "关于规范涉企行政检查的提案", "营商环境",
        "一些企业反映，部分部门涉企检查频次多、重复检查，检查标准不统一，给企业正常生产经营带来困扰。",
        "一是推行“综合查一次”和联合检查；二是建立涉企检查计划统筹和备案制度；三是推广非现场监管方式，减少对企业的干扰。"),
    SubmissionSpec(CPPCC, 3, "submitted", "关于推动我市预制菜产业高质量发展的提案", "产业发展",
        "我市农产品资源丰富，预制菜产业起步较早，但企业规模普遍偏小，标准体系不健全，品牌影响力不强。",
        "一是制定预制菜产业发展规划，建设产业园区；二是完善质量标准和检测体系；三是支持龙头企业打造区域公共品牌，拓展长三角市场。"),
    SubmissionSpec(CPPCC, 5, "submitted", "关于加强未成年人心理健康教育的提案", "基础教育",
        "当前未成年人心理问题呈低龄化趋势，部分学校心理健康教师配备不足，家校协同和医教结合机制不健全。",
        "一是按标准配齐中小学专职心理健康教师；二是建立学生心理健康监测预警和转介机制；三是加强家庭教育指导，推动医教协同。"),
    SubmissionSpec(CPPCC, 7, "registered", "关于加快发展银发经济的提案", "养老服务",
        "我市老龄化程度持续加深，老年人消费需求日益多样，但养老服务、适老化产品和老年文旅等供给不足，银发经济发展滞后。",
        "一是制定银发经济发展行动计划；二是支持社区嵌入式养老服务机构建设；三是推进居家适老化改造，培育老年用品和康养旅游市场。"),
    SubmissionSpec(CPPCC, 8, "assigning", "关于加强农村留守儿童关爱服务的提案", "社会救助",
        "我市农村留守儿童数量较多，部分儿童存在监护缺失、学业辅导和心理关爱不足等问题。",
        "一是落实农村留守儿童定期探访和动态管理制度；二是发挥乡镇儿童之家和学校作用，开展课后托管和心理辅导；三是引导社会组织和志愿者参与关爱服务。"),
    SubmissionSpec(CPPCC, 9, "assigned", "关于加快新能源汽车充电基础设施建设的提案", "交通出行",
        "我市新能源汽车保有量快速增长，但公共充电桩数量不足、布局不均，老旧小区安装充电桩难，县城和农村充电设施覆盖率低。",
        "一是编制充电基础设施布局规划；二是推动公共停车场、高速服务区和乡镇配建充电设施；三是协调供电企业简化报装流程，支持小区统建统营。",
        units=(DRC,)),
    SubmissionSpec(CPPCC, 11, "received", "关于推动数字经济和实体经济深度融合的提案", "工业和信息化",
        "我市中小企业数字化转型意愿强但能力弱，工业互联网平台应用不足，数据要素流通和开发利用水平不高。",
        "一是实施中小企业数字化转型专项行动；二是建设行业级工业互联网平台；三是推进公共数据授权运营，培育数据服务企业。",
        units=(DRC, "市数据资源管理局")),
]
# fmt: on
