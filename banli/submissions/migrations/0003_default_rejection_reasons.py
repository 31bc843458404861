"""The default reasons for 不予立案 (domain.md §3), offered in every jurisdiction."""

from django.db import migrations

REASONS = [
    "属于代表/委员个人事务或家庭私事",
    "涉及正在诉讼、仲裁或纪检监察处理中的案件",
    "属于检举、控告、申诉或信访事项",
    "属于学术探讨性质",
    "涉及推销产品或宣传特定企业",
    "内容空泛，没有具体建议",
    "不属于本级职权范围",
    "违反一事一议原则",
]


def forwards(apps, schema_editor):
    reason = apps.get_model("submissions", "RejectionReason")
    for index, text in enumerate(REASONS, start=1):
        reason.objects.get_or_create(jurisdiction=None, text=text, defaults={"sort": index * 10})


class Migration(migrations.Migration):
    dependencies = [("submissions", "0002_intake")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
