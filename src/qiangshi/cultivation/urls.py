from django.urls import path

from qiangshi.cultivation import tier_views, views

app_name = "cultivation"

urlpatterns = [
    path("pool/", views.pool_page, name="pool"),
    path("pool/candidates/", views.candidates_page, name="candidates"),
    path("pool/<int:pk>/", views.member_page, name="member"),
    path("pool/<int:pk>/measures/", views.measure_new, name="measure_new"),
    path("pool/<int:pk>/exit/", views.member_exit_page, name="member_exit"),
    path("tiers/", tier_views.tiers_page, name="tiers"),
    path("tiers/run/", tier_views.tier_run_new, name="tier_run"),
    path("tiers/entries/import/", tier_views.tier_entries_import_page, name="tier_entries_import"),
    path("tiers/rules/", tier_views.rules_page, name="tier_rules"),
    path("tiers/rules/<str:tier>/<str:version>/", tier_views.rule_page, name="tier_rule"),
    path("tiers/firm/<str:uscc>/", tier_views.tier_card, name="tier_card"),
    path("tiers/firm/<str:uscc>/entries/", tier_views.tier_entries_page, name="tier_entries"),
    path("tiers/<str:tier>/", tier_views.tier_list_page, name="tier_list"),
]
