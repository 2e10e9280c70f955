#ifndef FRONTLINE_GEODATA_BLOB_H
#define FRONTLINE_GEODATA_BLOB_H
#include <stddef.h>

/// The bytes of GeoData/areas.geojson as embedded at build time; sets *length.
const unsigned char *frontline_areas_geojson(size_t *length);
/// The bytes of GeoData/settlements.tsv as embedded at build time; sets *length.
const unsigned char *frontline_settlements_tsv(size_t *length);
/// The bytes of GeoData/logistics.json as embedded at build time; sets *length.
const unsigned char *frontline_logistics_json(size_t *length);
/// The bytes of GeoData/scenarios/kharkiv-2022.csv as embedded at build time; sets *length.
const unsigned char *frontline_scenario_kharkiv_2022(size_t *length);

#endif
