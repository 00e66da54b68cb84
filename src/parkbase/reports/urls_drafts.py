"""The pages of saved drafts (``views_drafts``), under /reports/ beside the report
pages."""

from django.urls import path

from parkbase.reports import views_drafts as views

VERSION = "drafts/<int:pk>/versions/<int:number>/"

urlpatterns = [
    path("annual/<int:year>/save/", views.DraftCreateView.as_view(), name="report-draft-create"),
    path("drafts/", views.DraftListView.as_view(), name="report-drafts"),
    path("drafts/<int:pk>/", views.DraftView.as_view(), name="report-draft"),
    path("drafts/<int:pk>/edit/", views.DraftEditView.as_view(), name="report-draft-edit"),
    path("drafts/<int:pk>/redraft/", views.DraftRedraftView.as_view(), name="report-draft-redraft"),
    path(
        "drafts/<int:pk>/versions/", views.DraftVersionsView.as_view(), name="report-draft-versions"
    ),
    path("drafts/<int:pk>/compare/", views.DraftCompareView.as_view(), name="report-draft-compare"),
    path(VERSION, views.DraftView.as_view(), name="report-draft-version"),
    path(f"{VERSION}docx/", views.DraftFileView.as_view(kind="docx"), name="report-draft-docx"),
    path(f"{VERSION}md/", views.DraftFileView.as_view(kind="md"), name="report-draft-markdown"),
]
