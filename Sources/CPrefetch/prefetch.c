// CPrefetch is its header's inline function; SwiftPM needs a C target to have a source file.
#include "prefetch.h"
