"""Each view module of the land app holds its own ``urlpatterns``."""

from parkbase.land.views import approvals, buildings, inventory, parcels
from parkbase.land.views import map as land_map

urlpatterns = [
    *parcels.urlpatterns,
    *approvals.urlpatterns,
    *buildings.urlpatterns,
    *land_map.urlpatterns,
    *inventory.urlpatterns,
]
