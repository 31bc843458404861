"""The demo city's handling units by a short constant each, and the places of 宿州 the texts mention.

The names are those of :data:`banli.core.demo.HANDLING_UNITS`; a test checks that every constant here is
one of them.
"""

from __future__ import annotations

DRC = "市发展和改革委员会"
EDU = "市教育局"
SCI = "市科学技术局"
ECON = "市经济和信息化局"
POLICE = "市公安局"
CIVIL = "市民政局"
JUSTICE = "市司法局"
FIN = "市财政局"
HRSS = "市人力资源和社会保障局"
LAND = "市自然资源和规划局"
ENV = "市生态环境局"
HOUSING = "市住房和城乡建设局"
TRANSPORT = "市交通运输局"
WATER = "市水利局"
AGRI = "市农业农村局"
COMMERCE = "市商务局"
CULTURE = "市文化和旅游局"
HEALTH = "市卫生健康委员会"
VETERANS = "市退役军人事务局"
EMERGENCY = "市应急管理局"
MARKET = "市市场监督管理局"
URBAN = "市城市管理局"
DATA = "市数据资源管理局"
MEDICARE = "市医疗保障局"
FOREST = "市林业局"
COOP = "市供销社"
ORG = "市委组织部"
PROPAGANDA = "市委宣传部"
UNITED_FRONT = "市委统战部"
COURT = "市中级人民法院"
PROCURATORATE = "市人民检察院"
POWER = "国网宿州供电公司"

#: The district and the four counties, each with some of its towns.
TOWNS: dict[str, tuple[str, ...]] = {
    "埇桥区": ("符离镇", "夹沟镇", "栏杆镇", "大店镇", "时村镇", "灰古镇", "大泽乡镇", "蒿沟镇", "褚兰镇", "曹村镇"),
    "砀山县": ("砀城镇", "李庄镇", "良梨镇", "葛集镇", "玄庙镇", "唐寨镇", "周寨镇", "朱楼镇", "官庄坝镇", "关帝庙镇"),
    "萧县": ("龙城镇", "黄口镇", "杨楼镇", "圣泉镇", "酒店镇", "永堌镇", "白土镇", "丁里镇", "祖楼镇", "赵庄镇"),
    "灵璧县": ("灵城镇", "娄庄镇", "渔沟镇", "韦集镇", "尹集镇", "虞姬镇", "黄湾镇", "高楼镇", "冯庙镇", "朝阳镇"),
    "泗县": ("泗城镇", "大庄镇", "草沟镇", "长沟镇", "墩集镇", "丁湖镇", "屏山镇", "黑塔镇", "山头镇", "刘圩镇"),
}  # fmt: skip
COUNTIES: tuple[str, ...] = tuple(TOWNS)
