// The floor under `frontline import`: SQLite alone, in C, inserting 1,000,000 place events into
// Frontline's own schema (the database `frontline init` creates), one transaction, one
// prepared statement, nothing else (no parsing, hashing or Swift). See tools/bench/sqlite-floor.
//
// MODES is a comma-separated list of:
//   memstatus-off  SQLite's memory statistics off (SQLITE_CONFIG_MEMSTATUS)
//   nocheck        PRAGMA ignore_check_constraints, as Frontline's own batches run
//   windowed       times sorted in windows of 16,384 rows, as Frontline's importer appends them
//   noindex        without the (at_utc, seq) replay index: what that index costs
//   lean           into a leaner table of the same events (hashes as 32-byte BLOBs, the recording
//                  time as an integer, the time's precision as a number instead of its text):
//                  what a smaller row would buy
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static void check(int rc, sqlite3 *db, const char *what) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        fprintf(stderr, "sqlite-floor: %s: %s\n", what, sqlite3_errmsg(db));
        exit(1);
    }
}

#define WINDOW 16384

static int by_time(const void *a, const void *b) {
    long long x = *(const long long *)a, y = *(const long long *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: sqlite-floor DB ROWS [MODES]\n");
        return 64;
    }
    long rows = atol(argv[2]);
    const char *modes = argc > 3 ? argv[3] : "";
    if (strstr(modes, "memstatus-off")) sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    sqlite3 *db;
    check(sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL), db, "open");
    check(sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
                           "PRAGMA cache_size=-65536; INSERT OR IGNORE INTO sides VALUES "
                           "('UA','2026-01-01T00:00:00.000Z'),('RU','2026-01-01T00:00:00.000Z'),"
                           "('contested','2026-01-01T00:00:00.000Z');", NULL, NULL, NULL), db, "setup");
    sqlite3_stmt *st;
    int lean = strstr(modes, "lean") != NULL;
    if (lean) {
        check(sqlite3_exec(db, "CREATE TABLE lean (seq INTEGER PRIMARY KEY NOT NULL, id TEXT NOT NULL UNIQUE, "
                               "at_utc INTEGER NOT NULL, at_precision INTEGER NOT NULL, kind TEXT NOT NULL, place_id INTEGER, "
                               "geometry BLOB, region TEXT, min_lon REAL, min_lat REAL, max_lon REAL, max_lat REAL, "
                               "side TEXT NOT NULL REFERENCES sides(code), status TEXT NOT NULL, claimant TEXT NOT NULL, "
                               "source TEXT NOT NULL, url TEXT, note TEXT, recorded_at INTEGER NOT NULL, "
                               "prev_hash BLOB NOT NULL, hash BLOB NOT NULL); "
                               "CREATE INDEX lean_replay ON lean(at_utc, seq);", NULL, NULL, NULL), db, "lean");
        check(sqlite3_prepare_v2(db,
            "INSERT INTO lean (seq, id, at_utc, at_precision, kind, place_id, side, status, claimant, source, url, "
            "note, recorded_at, prev_hash, hash) VALUES (?, ?, ?, 2, 'place', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", -1, &st, NULL),
            db, "prepare");
    } else
    check(sqlite3_prepare_v2(db,
        "INSERT INTO events (seq, id, at_utc, at_text, kind, place_id, geometry, region, min_lon, min_lat, max_lon, "
        "max_lat, side, status, claimant, source, url, note, recorded_at, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, 'place', ?, NULL, NULL, NULL, NULL, NULL, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?)", -1, &st, NULL),
        db, "prepare");
    const char *sides[3] = {"UA", "RU", "contested"};
    char id[27], at[32], source[40], url[48], hash[2][65];
    memset(hash, 'a', sizeof hash);
    hash[0][64] = hash[1][64] = 0;
    srand(42);
    double start = now();
    if (strstr(modes, "noindex"))
        check(sqlite3_exec(db, lean ? "DROP INDEX lean_replay" : "DROP INDEX events_replay", NULL, NULL, NULL), db, "noindex");
    check(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL), db, "begin");
    if (strstr(modes, "nocheck")) check(sqlite3_exec(db, "PRAGMA ignore_check_constraints = ON", NULL, NULL, NULL), db, "nocheck");
    static long long times[WINDOW];
    for (long i = 1; i <= rows; i++) {
        if ((i - 1) % WINDOW == 0) {
            for (int k = 0; k < WINDOW; k++) times[k] = 1645660800LL + (long long)(rand() % 94608000);
            if (strstr(modes, "windowed")) qsort(times, WINDOW, sizeof times[0], by_time);
        }
        long long t = times[(i - 1) % WINDOW];
        time_t tt = (time_t)t;
        strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", gmtime(&tt));
        snprintf(id, sizeof id, "01K%023ld", i);
        snprintf(source, sizeof source, "Bench source %ld", i % 97);
        snprintf(url, sizeof url, "https://example.org/%ld", i);
        char *h = hash[i & 1], *prev = hash[(i & 1) ^ 1];
        h[i % 64] = "0123456789abcdef"[i % 16];
        // The lean row has no at_text: its later parameters come one place earlier.
        int p = lean ? 4 : 5;
        sqlite3_bind_int64(st, 1, i);
        sqlite3_bind_text(st, 2, id, 26, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, t * 1000);
        if (!lean) sqlite3_bind_text(st, 4, at, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, p, 700000 + rand() % 10000);
        sqlite3_bind_text(st, p + 1, sides[i % 3], -1, SQLITE_STATIC);
        sqlite3_bind_text(st, p + 2, i % 2 ? "claimed" : "confirmed", -1, SQLITE_STATIC);
        sqlite3_bind_text(st, p + 3, "General Staff", -1, SQLITE_STATIC);
        sqlite3_bind_text(st, p + 4, source, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, p + 5, url, -1, SQLITE_STATIC);
        if (i % 10 == 0) sqlite3_bind_text(st, p + 6, "shelling, then \"clearing\"", -1, SQLITE_STATIC);
        else sqlite3_bind_null(st, p + 6);
        if (lean) {  // recording time as an integer, hashes as 32-byte BLOBs
            sqlite3_bind_int64(st, p + 7, 1795291200123LL);
            sqlite3_bind_blob(st, p + 8, prev, 32, SQLITE_STATIC);
            sqlite3_bind_blob(st, p + 9, h, 32, SQLITE_STATIC);
        } else {
            sqlite3_bind_text(st, p + 7, "2026-11-21T20:00:00.123Z", -1, SQLITE_STATIC);
            sqlite3_bind_text(st, p + 8, prev, 64, SQLITE_STATIC);
            sqlite3_bind_text(st, p + 9, h, 64, SQLITE_STATIC);
        }
        check(sqlite3_step(st), db, "insert");
        sqlite3_reset(st);
    }
    check(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), db, "commit");
    double seconds = now() - start;
    printf("%.0f\n", rows / seconds);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return 0;
}
