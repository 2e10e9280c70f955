// Only GEOS's reentrant (_r) API: every call takes an explicit GEOSContextHandle_t,
// so no global state is shared between threads.
#define GEOS_USE_ONLY_R_API
#include <geos_c.h>
