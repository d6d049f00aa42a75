"""Every URL of the prevention app (views by subject in views/: campaigns, materials, stock, actions,
placements, dashboard)."""

from django.urls import path

from isenim.prevention.views import actions, campaigns, dashboard, materials, placements, stock

app_name = "prevention"
urlpatterns: list = []

# Materials, editions and the store (materials & stock)
urlpatterns += [
    path("materials/", materials.material_list, name="material_list"),
    path("materials/new/", materials.material_create, name="material_create"),
    path("materials/<int:pk>/", materials.material_detail, name="material_detail"),
    path("materials/<int:pk>/edit/", materials.material_edit, name="material_edit"),
    path("materials/<int:pk>/editions/new/", materials.edition_create, name="edition_create"),
    path("editions/waiting/", materials.edition_waiting, name="edition_waiting"),
    path("editions/<int:pk>/", materials.edition_detail, name="edition_detail"),
    path("editions/<int:pk>/edit/", materials.edition_edit, name="edition_edit"),
    path("editions/<int:pk>/review/", materials.edition_approve, name="edition_approve"),
    path("editions/<int:pk>/design/download/", materials.edition_design, name="edition_design"),
    path("editions/<int:pk>/review/download/", materials.edition_review_design, name="edition_review_design"),
    path("editions/<int:pk>/print-run/", stock.print_run_create, name="print_run_create"),
    path("editions/<int:pk>/move/", stock.stock_move_create, name="stock_move_create"),
    path("stock/", stock.stock, name="stock"),
    path("stock/ledger/", stock.ledger, name="ledger"),
    path("stock/export/", stock.stock_export, name="stock_export"),
]

# Campaigns, media placements and the dashboard (campaigns, placements & dashboard)
urlpatterns += [
    path("", dashboard.dashboard, name="dashboard"),
    path("campaigns/", campaigns.campaign_list, name="campaign_list"),
    path("campaigns/new/", campaigns.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", campaigns.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/edit/", campaigns.campaign_edit, name="campaign_edit"),
    path("placements/", placements.placement_list, name="placement_list"),
    path("placements/new/", placements.placement_create, name="placement_create"),
    path("placements/<int:pk>/edit/", placements.placement_edit, name="placement_edit"),
]

# Outreach actions: list, calendar, page, form, tally, materials, sheet, export (actions & attribution)
urlpatterns += [
    path("actions/", actions.action_list, name="action_list"),
    path("actions/calendar/", actions.action_calendar, name="action_calendar"),
    path("actions/new/", actions.action_create_view, name="action_create"),
    path("actions/export.xlsx", actions.action_export, name="action_export"),
    path("actions/<int:pk>/", actions.action_detail, name="action_detail"),
    path("actions/<int:pk>/edit/", actions.action_edit, name="action_edit"),
    path("actions/<int:pk>/tally/", actions.action_tally, name="action_tally"),
    path("actions/<int:pk>/materials/", actions.action_materials, name="action_materials"),
    path("actions/<int:pk>/sheet.pdf", actions.action_sheet, name="action_sheet"),
]
