#!/usr/bin/env python3
"""Writes an event log in the v2 schema (what Frontline wrote before batches, commit 3deed91):
N place events in batches of BATCH, chained with the v2 hashes (canonical form
"frontline-event-1", which v3 and v4 keep), for measuring `frontline migrate` on a large
old log. The schema is copied from Tests/FrontlineEventsTests/Fixtures/v2-log.sqlite.

    tools/bench/make-v2-log.py OUT.sqlite [N=1000000] [BATCH=10000]
"""
import datetime, hashlib, os, random, sqlite3, sys

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, "..", "..", "Tests", "FrontlineEventsTests", "Fixtures", "v2-log.sqlite")
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def ulid(value):
    """An id as 26 Crockford base32 characters (128 bits: 48-bit millisecond, 80 random)."""
    return "".join(ALPHABET[(value >> (5 * (25 - i))) & 31] for i in range(26))


def field(value):
    if value is None:
        return b"~\n"
    data = str(value).encode()
    return str(len(data)).encode() + b":" + data + b"\n"


def event_hash(seq, id, at_utc, at_text, place, side, status, claimant, source, url, note, recorded_at, prev):
    form = b"".join(field(v) for v in ["frontline-event-1", seq, id, at_utc, at_text, "place", place, None,
                                        side, status, claimant, source, url, note, recorded_at, 0, None, prev])
    return hashlib.sha256(form).hexdigest()


def self_check():
    """The first event of the fixture hashes as stored."""
    db = sqlite3.connect(FIXTURE)
    row = db.execute("SELECT seq, id, at_utc, at_text, place_id, side, status, claimant, source, url, note,"
                     " recorded_at, prev_hash, hash FROM events WHERE kind = 'place' ORDER BY seq LIMIT 1").fetchone()
    db.close()
    assert event_hash(*row[:13]) == row[13], "the v2 hash of the fixture's first event does not match"


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    size = int(sys.argv[3]) if len(sys.argv) > 3 else 10_000
    self_check()
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(out + suffix):
            os.remove(out + suffix)
    src = sqlite3.connect(FIXTURE)
    schema = [s for (s,) in src.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid")]
    migrations = src.execute("SELECT identifier FROM grdb_migrations").fetchall()
    src.close()
    db = sqlite3.connect(out)
    db.execute("PRAGMA page_size = 4096")
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = OFF")
    for sql in schema:
        db.execute(sql)
    db.executemany("INSERT INTO grdb_migrations VALUES (?)", migrations)
    rng = random.Random(18)
    base_ms = 1_764_000_000_000
    recorded0 = "2026-11-22T10:11:51.933Z"
    for code in ("RU", "UA", "contested", "*"):
        db.execute("INSERT INTO sides VALUES (?, ?)", (code, recorded0))
    prev = "0" * 64
    seq = 0
    places = [703656, 712926, 707292, 706483, 709717, 687700, 702550, 700569]
    sides = ["UA", "RU", "contested"]
    batch = 0
    while seq < n:
        ms = base_ms + batch * 1000
        recorded_at = "2026-11-%02dT%02d:%02d:%02d.%03dZ" % (22 + batch // 86400, batch // 3600 % 24, batch // 60 % 60, batch % 60, ms % 1000)
        first = (ms << 80) | rng.getrandbits(79)
        rows = []
        for k in range(min(size, n - seq)):
            seq += 1
            id = ulid((ms << 80) | (((first & ((1 << 80) - 1)) + k) % (1 << 80)))
            at_utc = 1_645_660_800_000 + rng.randrange(0, 1000) * 86_400_000
            day = at_utc // 86_400_000
            at_text = (datetime.date(1970, 1, 1) + datetime.timedelta(days=day)).isoformat()
            place, side = rng.choice(places), rng.choice(sides)
            status = "claimed" if rng.random() < 0.7 else "confirmed"
            claimant, source = "General Staff", "ISW"
            url = "https://example.org/%d" % seq if seq % 3 == 0 else None
            note = "row %d" % seq if seq % 5 == 0 else None
            h = event_hash(seq, id, at_utc, at_text, place, side, status, claimant, source, url, note, recorded_at, prev)
            rows.append((seq, id, at_utc, at_text, "place", place, side, status, claimant, source, url, note,
                         recorded_at, prev, h))
            prev = h
        db.executemany("INSERT INTO events (seq, id, at_utc, at_text, kind, place_id, side, status, claimant, source,"
                       " url, note, recorded_at, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
        batch += 1
    db.execute("INSERT INTO chain_head VALUES (1, ?, ?)", (seq, prev))
    db.commit()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    print("%s: v2 log of %d events in %d batches, head %s" % (out, seq, batch, prev))


if __name__ == "__main__":
    main()
