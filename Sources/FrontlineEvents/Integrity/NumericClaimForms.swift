/// The canonical forms of numeric claims (``NumericClaim``) and their retractions, as the chain
/// hashes them (the encoding of ``CanonicalForm``):
///
/// Numeric claim, version 1:
///
///     "frontline-claim-1", seq, id, claimant, source, url|~, at_utc, at_text, side, km2,
///     from_utc, from_text, to_utc, to_text, area|~, note|~, recorded_at, prev_hash
///
/// `km2` as Swift writes a `Double` (the shortest text that reads back as the same number:
/// `3800.0`, `1234.5`), which SQLite's REAL keeps exactly.
///
/// Retraction of a numeric claim, version 1:
///
///     "frontline-claim-retraction-1", seq, claim_id, reason, recorded_at, prev_hash
struct NumericClaimContent {
    var seq: Int64
    var id: String
    var claimant: String
    var source: String
    var url: String?
    var atUTC: Int64
    var atText: String
    var side: String
    var km2: Double
    var fromUTC: Int64
    var fromText: String
    var toUTC: Int64
    var toText: String
    var area: String?
    var note: String?
    var recordedAt: String
    var prevHash: String

    func hash(using form: inout CanonicalForm) -> String {
        form.reset(tag: "frontline-claim-1")
        form.field(seq)
        form.field(id)
        form.field(claimant)
        form.field(source)
        form.field(url)
        form.field(atUTC)
        form.field(atText)
        form.field(side)
        form.field(String(km2))
        form.field(fromUTC)
        form.field(fromText)
        form.field(toUTC)
        form.field(toText)
        form.field(area)
        form.field(note)
        form.field(recordedAt)
        form.field(prevHash)
        return form.sha256()
    }
}

/// A retraction of a numeric claim's stored content, as the chain hashes it.
struct ClaimRetractionContent {
    var seq: Int64
    var claimID: String
    var reason: String
    var recordedAt: String
    var prevHash: String

    func hash(using form: inout CanonicalForm) -> String {
        form.reset(tag: "frontline-claim-retraction-1")
        form.field(seq)
        form.field(claimID)
        form.field(reason)
        form.field(recordedAt)
        form.field(prevHash)
        return form.sha256()
    }
}
