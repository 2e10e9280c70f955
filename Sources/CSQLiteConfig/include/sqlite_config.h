#ifndef FRONTLINE_SQLITE_CONFIG_H
#define FRONTLINE_SQLITE_CONFIG_H

/// Process-wide SQLite settings, which `sqlite3_config` takes only before SQLite initialises
/// (the first connection opens) and only through a C variadic call, which Swift cannot make:
/// - multi-thread mode (no mutex per call): GRDB already serialises each connection's use,
///   the condition SQLite sets for that mode;
/// - URI file names (`file:…?immutable=1`, how a read-only log is opened), which builds such
///   as Debian's enable at compile time (SQLITE_USE_URI) and others may not;
/// - no memory statistics (no global mutex per allocation).
/// Returns 0 when all took effect, or SQLite's error code (SQLITE_MISUSE once SQLite runs).
int frontline_sqlite_configure(void);

#endif
