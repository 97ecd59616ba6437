"""A chain's document, version by version: the YAML of one version and, for the chain's task
force and the analysts, an edited copy saved as the chain's next version."""

from django.contrib.auth.decorators import permission_required
from django.http import Http404
from django.shortcuts import render

from qiangshi.accounts.scoping import scope_filter, scoped_get_or_404
from qiangshi.chains.maps import NOT_A_MAPPING
from qiangshi.chains.models import ChainVersion
from qiangshi.chains.services import chain_document_save
from qiangshi.dataio.version_pages import version_page


@permission_required("chains.view_chainversion", raise_exception=True)
def chain_document(request, pk):
    version = scoped_get_or_404(ChainVersion.objects.all(), user=request.user, pk=pk)

    def save(document, *, based_on, note):
        return chain_document_save(request.user, document, based_on=based_on, note=note)

    return version_page(
        request, version, permission="chains.add_chainversion",
        refusal="只有本产业链专班与市工信局分析员可以修改产业链图谱", not_a_mapping=NOT_A_MAPPING,
        save=save, template="chains/document.html", url_name="chains:document")


@permission_required("chains.view_chainversion", raise_exception=True)
def chain_history(request, code):
    versions = list(scope_filter(ChainVersion.objects.filter(name=code), user=request.user)
                    .order_by("-version"))
    if not versions:
        raise Http404
    return render(request, "chains/history.html", {"versions": versions, "chain": versions[0]})
