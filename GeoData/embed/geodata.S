// Embeds GeoData's files in the binary's read-only data. The absolute paths come from
// Package.swift (FRONTLINE_* macros), so the build works from any directory.
#define EMBED(symbol, path) \
    .global symbol##_start; .global symbol##_end; .balign 16; \
    symbol##_start: .incbin path; symbol##_end: .byte 0

    .section .rodata
EMBED(frontline_areas_geojson, FRONTLINE_AREAS_GEOJSON)
EMBED(frontline_settlements_tsv, FRONTLINE_SETTLEMENTS_TSV)
EMBED(frontline_logistics_json, FRONTLINE_LOGISTICS_JSON)
EMBED(frontline_scenario_kharkiv_2022, FRONTLINE_SCENARIO_KHARKIV_2022)
    .section .note.GNU-stack,"",@progbits
