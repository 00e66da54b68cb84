from django.urls import path

from parkbase.documents import views

urlpatterns = [
    path("", views.DocumentListView.as_view(), name="documents"),
    path("upload/", views.DocumentUploadView.as_view(), name="document-upload"),
    path("<int:pk>/", views.DocumentDetailView.as_view(), name="document"),
    path("<int:pk>/edit/", views.DocumentEditView.as_view(), name="document-edit"),
    path("<int:pk>/delete/", views.DocumentDeleteView.as_view(), name="document-delete"),
    path("<int:pk>/version/", views.DocumentVersionView.as_view(), name="document-version"),
    path("<int:pk>/links/", views.DocumentLinkView.as_view(), name="document-links"),
    path("<int:pk>/reread/", views.DocumentRereadView.as_view(), name="document-reread"),
    path("<int:pk>/preview/", views.DocumentPreviewView.as_view(), name="document-preview"),
    path(
        "<int:pk>/pages/<int:number>/",
        views.DocumentPageImageView.as_view(),
        name="document-page-image",
    ),
    path("<int:pk>/download/", views.DocumentDownloadView.as_view(), name="document-download"),
]
