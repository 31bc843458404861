import re
from django.test import Client
from django.urls import reverse
from banli.core.tests.list_world import World
def text(html):
    html = re.sub(r"(?s)<head>.*?</head>|<nav.*?</nav>", "", html)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))[:1500]
def test_dump(org):
    w = World(org); w.grow(2)
    c = Client(); c.force_login(org.users.registry)
    for name, kw in [("supervision:ranking", {"pk": w.scheme.pk}), ("supervision:excellence", None), ("reports:handling_report", None), ("textindex:recommendation_accuracy", None), ("supervision:lagging", None)]:
        r = c.get(reverse(name, kwargs=kw))
        print("=====", name, r.status_code); print(text(r.content.decode()))
