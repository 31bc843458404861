"""The demo city's past years: ~1,200 handled suggestions and proposals of 2022–2025 to learn from.

- :mod:`.compose`: :func:`compose` writes one realistic item (title, 问题, 建议, category) for a unit from
  its topic material (``material_*`` modules, one :class:`Topic` per recurring matter, some shared by two
  or three units, as 停车 or 城市内涝 are in life). Reusable, e.g. by a load generator::

      rng = random.Random(7)
      item = compose("市住房和城乡建设局", rng, kind="proposal")

- :mod:`.plan`: :func:`history`, every past item as data (year, session, number, author, text, units,
  times), deterministic.
- :mod:`.loading`: :func:`load_history` writes them, in bulk and idempotently (``manage.py load_demo``).
"""

from banli.core.demo_history.compose import Composed, Topic, all_topics, compose, topics_of

__all__ = ["Composed", "Topic", "all_topics", "compose", "topics_of"]
