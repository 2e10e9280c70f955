#include "GeoDataBlob.h"

// Swift cannot import the incomplete arrays the assembler defines, so expose them as functions.
#define ACCESSOR(symbol) \
    extern const unsigned char symbol##_start[]; \
    extern const unsigned char symbol##_end[]; \
    const unsigned char *symbol(size_t *length) { \
        *length = (size_t)(symbol##_end - symbol##_start); \
        return symbol##_start; \
    }

ACCESSOR(frontline_areas_geojson)
ACCESSOR(frontline_settlements_tsv)
ACCESSOR(frontline_logistics_json)
ACCESSOR(frontline_scenario_kharkiv_2022)
