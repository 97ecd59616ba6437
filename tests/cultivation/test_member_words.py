"""Issue 13 §4: no developer text — a pool member's selection score names its weights in
Chinese; the method version and input hash sit in the 计算依据 detail."""

from tests.conftest import login
from tests.cultivation.test_pool_pages import pool  # noqa: F401


def test_the_member_page_names_the_weights_and_keeps_the_method_in_the_basis(client, analyst,
                                                                             pool):  # noqa: F811
    login(client, "gxj")
    member = pool["city"]
    page = client.get(f"/cultivation/pool/{member.pk}/").content.decode()
    assert "权重 增长潜力 0.4、创新能力 0.3" in page
    assert "growth=" not in page and "willingness" not in page
    basis = page[page.index('<details class="basis">'):page.index("</details>")]
    assert member.score_method_version in basis and member.score_input_hash in basis
    assert member.score_method_version not in page.replace(basis, "")
