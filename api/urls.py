from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from api import imports, views

app_name = "api"

router = DefaultRouter()
router.register("sources", views.SourceViewSet, basename="source")
router.register("actors", views.ActorViewSet, basename="actor")
router.register("locations", views.LocationViewSet, basename="location")
router.register("weapons", views.WeaponViewSet, basename="weapon")
router.register("target-types", views.TargetTypeViewSet, basename="target-type")
router.register("waves", views.WaveViewSet, basename="wave")
router.register("attacks", views.AttackViewSet, basename="attack")
router.register("casualties", views.CasualtyViewSet, basename="casualty")
router.register("statements", views.StatementViewSet, basename="statement")
router.register("force-deployments", views.ForceDeploymentViewSet, basename="force-deployment")
router.register(
    "force-deployment-statuses", views.ForceDeploymentStatusViewSet, basename="force-deployment-status"
)
router.register("force-strengths", views.ForceStrengthViewSet, basename="force-strength")
router.register("deletions", views.DeletionViewSet, basename="deletion")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("v1/imports/", imports.ImportView.as_view(), name="imports"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
]
