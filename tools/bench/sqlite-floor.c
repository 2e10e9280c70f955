// The floor under `frontline import`: SQLite alone, in C, inserting 1,000,000 place events into
// Frontline's own schema (the database `frontline init` creates), one transaction, one
// prepared statement. The rows are made before the clock starts (in an earlier version their
// printf and strftime were timed with SQLite, about 1.3 s of CPU per million rows), so the
// figure is SQLite's alone. See tools/bench/sqlite-floor.
//
// MODES is a comma-separated list of:
//   frontline   as Frontline's batches insert: SQLite in multi-thread mode without memory
//               statistics (CSQLiteConfig), PRAGMA ignore_check_constraints (the batch checks
//               rows itself), foreign keys off (the batch registers side codes first), times
//               sorted in windows of 16,384 rows (the importer's windows), 32 rows per
//               INSERT OR ROLLBACK statement (no statement journal)
//   noindex     without the (at_utc, seq) replay index: what that index costs
//   blob        into a leaner table of the same events (the hash as a 32-byte BLOB, the
//               time's precision as a number instead of its text)
//   sorted      the whole import in time order instead of windows (as if sorted on disk first)
// The rows are schema v3's: no id, recording time or previous hash of their own (one row of
// `batches` holds the batch's first id and recording time).
// Without `frontline`, rows go in as a plain client would: constraints evaluated, random order.
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

// One event's values, made before timing.
typedef struct {
    long long t;
    int place;
    char at[21], source[24], url[40];
    char hash[65];  // hex; the lean rows bind its first 32 bytes as the BLOB
} Row;

static const char *BLOB_TABLE =
    "CREATE TABLE blobbed (seq INTEGER PRIMARY KEY NOT NULL, batch INTEGER NOT NULL REFERENCES batches(first_seq), "
    "at_utc INTEGER NOT NULL, at_precision INTEGER NOT NULL, kind TEXT NOT NULL, place_id INTEGER, "
    "geometry BLOB, region TEXT, min_lon REAL, min_lat REAL, max_lon REAL, max_lat REAL, "
    "side TEXT NOT NULL REFERENCES sides(code), status TEXT NOT NULL, claimant TEXT NOT NULL, "
    "source TEXT NOT NULL, url TEXT, note TEXT, hash BLOB NOT NULL); "
    "CREATE INDEX blobbed_replay ON blobbed(at_utc, seq);";

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: sqlite-floor DB ROWS [MODES]\n");
        return 64;
    }
    long rows = atol(argv[2]);
    const char *modes = argc > 3 ? argv[3] : "";
    int frontline = strstr(modes, "frontline") != NULL, blob = strstr(modes, "blob") != NULL,
        sorted = strstr(modes, "sorted") != NULL;
    if (frontline) {
        sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    }

    Row *events = malloc(sizeof(Row) * rows);
    if (!events) { fprintf(stderr, "sqlite-floor: out of memory\n"); return 70; }
    srand(42);
    for (long i = 0; i < rows; i++)
        events[i].t = 1645660800LL + (long long)(rand() % 94608000);  // 2022-02-24 + 3 years
    if (sorted) qsort(events, rows, sizeof(Row), by_time);  // t is the first member
    else if (frontline)
        for (long w = 0; w < rows; w += WINDOW)
            qsort(events + w, rows - w < WINDOW ? rows - w : WINDOW, sizeof(Row), by_time);
    for (long i = 0; i < rows; i++) {
        Row *r = &events[i];
        time_t tt = (time_t)r->t;
        strftime(r->at, sizeof r->at, "%Y-%m-%dT%H:%M:%SZ", gmtime(&tt));
        r->place = 700000 + rand() % 10000;
        snprintf(r->source, sizeof r->source, "Bench source %ld", i % 97);
        snprintf(r->url, sizeof r->url, "https://example.org/%ld", i);
        for (int k = 0; k < 64; k++) r->hash[k] = "0123456789abcdef"[(i * 7 + k * 3) % 16];
        r->hash[64] = 0;
    }

    sqlite3 *db;
    check(sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE, NULL), db, "open");
    check(sqlite3_exec(db, frontline ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=OFF; "
                                     : "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; ", NULL, NULL, NULL), db, "pragmas");
    check(sqlite3_exec(db, "PRAGMA cache_size=-65536; INSERT OR IGNORE INTO sides VALUES "
                           "('UA','2026-01-01T00:00:00.000Z'),('RU','2026-01-01T00:00:00.000Z'),"
                           "('contested','2026-01-01T00:00:00.000Z');", NULL, NULL, NULL), db, "setup");
    char batchRow[128];  // the import's one row of `batches`
    snprintf(batchRow, sizeof batchRow, "INSERT INTO batches VALUES (1, '01K00000000000000000000000', %ld, "
             "'2026-11-21T20:00:00.123Z')", rows);
    check(sqlite3_exec(db, batchRow, NULL, NULL, NULL), db, "batch row");
    const char *table = blob ? "blobbed" : "events";
    if (blob) check(sqlite3_exec(db, BLOB_TABLE, NULL, NULL, NULL), db, "blob table");
    if (strstr(modes, "noindex")) {
        char drop[64];
        snprintf(drop, sizeof drop, "DROP INDEX %s_replay", table);
        check(sqlite3_exec(db, drop, NULL, NULL, NULL), db, "noindex");
    }
    const char *columns =
        blob ? "blobbed (seq, batch, at_utc, at_precision, kind, place_id, side, status, claimant, "
               "source, url, note, hash) VALUES "
        : "events (seq, batch, at_utc, at_text, kind, place_id, side, status, claimant, source, url, "
          "note, hash) VALUES ";
    const char *values = blob ? "(?, 1, ?, 2, 'place', ?, ?, ?, ?, ?, ?, ?, ?)"
                         : "(?, 1, ?, ?, 'place', ?, ?, ?, ?, ?, ?, ?, ?)";
    int group = frontline ? 32 : 1;  // rows per statement; the rest go one by one
    sqlite3_stmt *one, *many;
    char sql[8192];
    // No statement journal for OR ROLLBACK: a refused row ends the transaction instead.
    snprintf(sql, sizeof sql, "%s%s%s", frontline ? "INSERT OR ROLLBACK INTO " : "INSERT INTO ", columns, values);
    check(sqlite3_prepare_v2(db, sql, -1, &one, NULL), db, "prepare");
    for (int k = 1; k < group; k++) strcat(strcat(sql, ", "), values);
    check(sqlite3_prepare_v2(db, sql, -1, &many, NULL), db, "prepare");
    const char *sides[3] = {"UA", "RU", "contested"};

    double start = now();
    // Where SQLite keeps statement journals is decided when the transaction begins.
    if (frontline) check(sqlite3_exec(db, "PRAGMA temp_store = MEMORY", NULL, NULL, NULL), db, "temp_store");
    check(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL), db, "begin");
    if (frontline) check(sqlite3_exec(db, "PRAGMA ignore_check_constraints = ON", NULL, NULL, NULL), db, "nocheck");
    int p = 1;
    for (long i = 0; i < rows; i++) {
        const Row *r = &events[i];
        int grouped = rows - (i - i % group) >= group;  // this row's group is whole
        sqlite3_stmt *st = grouped ? many : one;
        if (!grouped) p = 1;
        sqlite3_bind_int64(st, p++, i + 1);
        sqlite3_bind_int64(st, p++, r->t * 1000);
        if (!blob) sqlite3_bind_text(st, p++, r->at, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, p++, r->place);
        sqlite3_bind_text(st, p++, sides[i % 3], -1, SQLITE_STATIC);
        sqlite3_bind_text(st, p++, i % 2 ? "claimed" : "confirmed", -1, SQLITE_STATIC);
        sqlite3_bind_text(st, p++, "General Staff", -1, SQLITE_STATIC);
        sqlite3_bind_text(st, p++, r->source, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, p++, r->url, -1, SQLITE_STATIC);
        if (i % 10 == 0) sqlite3_bind_text(st, p++, "shelling, then \"clearing\"", -1, SQLITE_STATIC);
        else sqlite3_bind_null(st, p++);
        if (blob) sqlite3_bind_blob(st, p++, r->hash, 32, SQLITE_STATIC);
        else sqlite3_bind_text(st, p++, r->hash, 64, SQLITE_STATIC);
        if (!grouped || (i + 1) % group == 0) {
            check(sqlite3_step(st), db, "insert");
            sqlite3_reset(st);
            p = 1;
        }
    }
    check(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), db, "commit");
    double seconds = now() - start;
    printf("%.0f\n", rows / seconds);
    sqlite3_finalize(one);
    sqlite3_finalize(many);
    sqlite3_close(db);
    free(events);
    return 0;
}
