// Karney's geodesic algorithms as shipped in PROJ (geodesic.h: geod_init, geod_inverse,
// geod_polygon_*): the same code pyproj's Geod and PostGIS geography use.
#include <geodesic.h>
