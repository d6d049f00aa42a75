"""Every URL of the reintegration app."""

from django.urls import path

from isenim.reintegration.views import aid, catalogue, followup, profile

app_name = "reintegration"
urlpatterns = [
    # Trades, tool kits and funding
    path("trades/", catalogue.trade_list, name="trade_list"),
    path("trades/new/", catalogue.trade_create, name="trade_create"),
    path("trades/<int:pk>/", catalogue.trade_detail, name="trade_detail"),
    path("trades/<int:pk>/edit/", catalogue.trade_edit, name="trade_edit"),
    path("trades/<int:pk>/items/new/", catalogue.kit_item_create, name="kit_item_create"),
    path("trades/<int:pk>/items/<int:item_pk>/", catalogue.kit_item_edit, name="kit_item_edit"),
    path("funding/", catalogue.funding_list, name="funding_list"),
    path("funding/new/", catalogue.funding_create, name="funding_create"),
    path("funding/<int:pk>/", catalogue.funding_edit, name="funding_edit"),
    # Tool kits: request, approval, purchase, handover
    path("approvals/", aid.waiting_list, name="waiting_list"),
    path("approvals/<int:pk>/", aid.request_decide, name="request_decide"),
    path("cases/<str:number>/tools/new/", aid.request_create, name="request_create"),
    path("cases/<str:number>/tools/<int:pk>/", aid.request_detail, name="request_detail"),
    path("cases/<str:number>/tools/<int:pk>/purchase/", aid.purchase_create, name="purchase_create"),
    path("cases/<str:number>/tools/<int:pk>/handover/", aid.handover_create, name="handover_create"),
    path("cases/<str:number>/tools/<int:pk>/act.pdf", aid.handover_act, name="handover_act"),
    path("cases/<str:number>/tools/<int:pk>/invoice/", aid.invoice_download, name="invoice_download"),
    path(
        "cases/<str:number>/tools/<int:pk>/signed-act/", aid.signed_act_download, name="signed_act_download"
    ),
    # Vocational profile
    path("cases/<str:number>/profile/", profile.profile_edit, name="profile_edit"),
    # Follow-ups
    path("cases/<str:number>/follow-ups/", followup.follow_up_list, name="follow_up_list"),
    path("cases/<str:number>/follow-ups/new/", followup.follow_up_create, name="follow_up_create"),
]
