from banli.core.tests.factories import AssignmentFactory, SubmissionFactory
from banli.textindex.recommend import recommend, train

def test_two_items_two_units(org):
    past = SubmissionFactory(lead_author=org.other_deputy, state="closed", year=2025, number=17, system="government",
        title="关于新建城区中小学校化解大班额的建议", problem="城区中小学校学位紧张，大班额问题突出。", advice="加快新建和改扩建城区中小学校，增加学位供给。")
    AssignmentFactory(submission=past, unit=org.units.unit_b, role="sole", state="replied")
    other = SubmissionFactory(lead_author=org.other_deputy, state="closed", year=2025, number=18, system="government",
        title="关于加快重大项目谋划储备的建议", problem="我市重大项目储备不足，前期工作滞后。", advice="建立重大项目库，加强项目前期经费保障。")
    AssignmentFactory(submission=other, unit=org.units.unit_a, role="sole", state="replied")
    train(org.jurisdiction)
    recs = recommend(("关于加快城区中小学校建设缓解大班额问题的建议", "城区学校大班额现象普遍，学位供给不足。"), org.jurisdiction.pk)
    import sys; sys.path.insert(0,"/tmp/rs"); import dbg; dbg.dump(org)
    print([(r.unit.name, r.score, r.words) for r in recs])
    assert recs[0].unit == org.units.unit_b   # the school item's unit (教育局)
    assert "大班额" in recs[0].words
