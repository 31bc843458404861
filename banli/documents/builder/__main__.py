"""``python -m banli.documents.builder``: rewrite the default templates."""

from banli.documents.builder import build_all

for path in build_all():
    print(f"已生成 {path}")
