import html
import re

import pytest

from qiangshi.accounts.demo import DEMO_PASSWORD
from qiangshi.chains.models import NodeResult, Run
from tests.conftest import login

NEV = "new-energy-vehicle"  # the demo chain user's chain
IC = "integrated-circuit"


@pytest.fixture
def as_user(shared_demo, client):
    """Log the client in as one of the demo users."""
    def log_in(username):
        login(client, username, DEMO_PASSWORD)
        return client

    return log_in


def node_of(chain: str, *, attached: bool = True) -> NodeResult:
    """A node of the newest run, one with firms on it unless asked otherwise."""
    nodes = NodeResult.objects.filter(run=Run.objects.first(), chain=chain).order_by("position")
    return nodes.filter(firms__gt=0).first() if attached else nodes.filter(firms=0).first()


TAGS = re.compile(r"<script.*?</script>|<style.*?</style>|<[^>]+>", re.DOTALL)


def visible(response) -> str:
    """A page's text as a reader sees it: no tags, scripts or styles, entities decoded."""
    return html.unescape(TAGS.sub(" ", response.content.decode()))
