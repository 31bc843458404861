"""The shared result schemes of domain.md §5, each category with its fixed semantic type."""

from django.db import migrations

SCHEMES = [
    (
        "abcd",
        "A/B/C/D四类（全国通行）",
        [
            ("A", "已经解决或基本解决", "solved"),
            ("B", "正在解决或列入计划逐步解决", "in_progress"),
            ("C", "因条件限制需待以后解决", "deferred"),
            ("D", "留作参考", "reference"),
        ],
    ),
    (
        "abc",
        "A/B/C三类",
        [
            ("A", "已解决或采纳", "solved"),
            ("B", "列入计划逐步解决", "planned"),
            ("C", "不具备条件，留作参考并作说明", "reference"),
        ],
    ),
    (
        "four",
        "已经解决/正在解决/计划解决/留作参考",
        [
            ("已经解决", "已经解决", "solved"),
            ("正在解决", "正在解决", "in_progress"),
            ("计划解决", "计划解决", "planned"),
            ("留作参考", "留作参考", "reference"),
        ],
    ),
    (
        "three",
        "解决采纳/计划解决/留作参考",
        [
            ("解决采纳", "解决采纳", "solved"),
            ("计划解决", "计划解决", "planned"),
            ("留作参考", "留作参考", "reference"),
        ],
    ),
]


def seed(apps, schema_editor):
    Scheme = apps.get_model("handling", "ResultScheme")
    Category = apps.get_model("handling", "ResultCategory")
    for sort, (code, name, categories) in enumerate(SCHEMES):
        scheme, _ = Scheme.objects.get_or_create(jurisdiction=None, code=code, defaults={"name": name, "sort": sort})
        for position, (mark, label, semantic) in enumerate(categories):
            Category.objects.get_or_create(
                scheme=scheme, code=mark, defaults={"name": label, "semantic_type": semantic, "sort": position}
            )


class Migration(migrations.Migration):
    dependencies = [("handling", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
