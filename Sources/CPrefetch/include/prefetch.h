#ifndef FRONTLINE_PREFETCH_H
#define FRONTLINE_PREFETCH_H

/// Asks the CPU to start loading the cache line at `address` (for reading, kept in every cache
/// level) without waiting for it: Swift has no such hint. An import visits each window's events
/// in time order, not in the order they lie in memory, and each first touch was a cache miss.
static inline void frontline_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

/// The same for a line about to be written: fetched ready to be changed, which spares the write
/// a second request for the line.
static inline void frontline_prefetch_for_writing(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

#endif
