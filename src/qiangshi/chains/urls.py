from django.urls import include, path

from qiangshi.chains import views, views_document, views_node

app_name = "chains"

urlpatterns = [
    path("", views.chain_list, name="list"),
    # Two segments, so that no chain code (one could be "run") loses its overview to them.
    path("runs/new/", views.run_new, name="run_new"),
    path("versions/<int:pk>/", views_document.chain_document, name="document"),
    path("<str:code>/", views.chain_overview, name="overview"),
    path("<str:code>/export/", views.chain_export, name="export"),
    path("<str:code>/leaders/<int:pk>/", views.leader_set, name="leader"),
    path("<str:code>/map/", views_node.chain_map, name="map"),
    path("<str:code>/nodes/<int:pk>/", views_node.node_detail, name="node"),
    path("<str:code>/nodes/<int:pk>/decide/", views_node.firm_decide, name="decide"),
    path("<str:code>/nodes/<int:pk>/attach/", views_node.firm_attach, name="attach"),
    path("", include("qiangshi.chains.urls_lists")),
    path("", include("qiangshi.chains.urls_monitoring")),
    path("<str:code>/versions/", views_document.chain_history, name="history"),
]
