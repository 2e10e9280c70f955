#ifndef FRONTLINE_PREFETCH_H
#define FRONTLINE_PREFETCH_H

/// Asks the CPU to start loading the cache line at `address` (for reading, kept in every cache
/// level) without waiting for it: Swift has no such hint. An import visits each window's events
/// in time order, not in the order they lie in memory, and each first touch was a cache miss.
static inline void frontline_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
