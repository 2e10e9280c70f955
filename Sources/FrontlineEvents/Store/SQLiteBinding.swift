import GRDB
import GRDBSQLite

/// Direct `sqlite3_bind_*` / `sqlite3_step` on a GRDB statement, for the append hot path: an
/// import binds 21 values per row, and building `StatementArguments` for each costs more than
/// SQLite's insert itself.
///
/// The statement must outlive the binding (its owner keeps both).
struct SQLiteBinding {
    let sql: String
    private let handle: OpaquePointer
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(_ statement: Statement) {
        sql = statement.sql
        handle = statement.sqliteStatement
    }

    // Every bind's result is checked: SQLite refuses a value longer than its limit
    // (SQLITE_LIMIT_LENGTH) with SQLITE_TOOBIG and leaves the parameter NULL, which the insert
    // would then store. Lengths go to SQLite as 64 bits, so no length is ever cut to an Int32.

    func null(_ index: Int32) throws { try check(sqlite3_bind_null(handle, index), index) }

    func bind(_ index: Int32, _ value: Int64) throws { try check(sqlite3_bind_int64(handle, index, value), index) }

    func bind(_ index: Int32, _ value: Int?) throws {
        if let value { try check(sqlite3_bind_int64(handle, index, Int64(value)), index) } else { try null(index) }
    }

    func bind(_ index: Int32, _ value: Double?) throws {
        if let value { try check(sqlite3_bind_double(handle, index, value), index) } else { try null(index) }
    }

    func bind(_ index: Int32, _ value: String) throws {
        var value = value
        try value.withUTF8 { utf8 in
            try bindText(index, utf8.baseAddress ?? SQLiteBinding.empty, count: utf8.count, SQLiteBinding.transient)
        }
    }

    /// Binds `count` UTF-8 bytes at `text` without copying them: they must stay where they are
    /// until the statement has been stepped (``step()`` clears every binding afterwards).
    func bindStatic(_ index: Int32, text: UnsafePointer<UInt8>, count: Int) throws {
        try bindText(index, text, count: count, nil)
    }

    private func bindText(_ index: Int32, _ text: UnsafePointer<UInt8>, count: Int, _ destructor: sqlite3_destructor_type?) throws {
        let code = text.withMemoryRebound(to: CChar.self, capacity: max(count, 1)) {
            sqlite3_bind_text64(handle, index, $0, sqlite3_uint64(count), destructor, UInt8(SQLITE_UTF8))
        }
        try check(code, index, count: count)
    }

    func bind(_ index: Int32, _ value: String?) throws {
        if let value { try bind(index, value) } else { try null(index) }
    }

    func bind(_ index: Int32, blob: [UInt8]?) throws {
        guard let blob else { return try null(index) }
        try blob.withUnsafeBytes { bytes in
            try check(sqlite3_bind_blob64(handle, index, bytes.baseAddress ?? UnsafeRawPointer(SQLiteBinding.empty),
                                          sqlite3_uint64(bytes.count), SQLiteBinding.transient), index, count: bytes.count)
        }
    }

    /// Throws unless `code` is SQLITE_OK: a value SQLite will not take (SQLITE_TOOBIG) as a
    /// problem of the event, anything else as the database error it is. (Inlined, the failure
    /// out of line: an import binds twelve values per row.)
    @inline(__always)
    private func check(_ code: Int32, _ index: Int32, count: Int = 0) throws {
        if code != SQLITE_OK { try fail(code, index, count: count) }
    }

    @inline(never)
    private func fail(_ code: Int32, _ index: Int32, count: Int) throws -> Never {
        sqlite3_clear_bindings(handle)  // none is left pointing at memory the caller may free
        let db = sqlite3_db_handle(handle)
        if code == SQLITE_TOOBIG {
            let limit = sqlite3_limit(db, SQLITE_LIMIT_LENGTH, -1)
            throw EventStoreError.invalid(EventFieldError(
                "a value of \(count) bytes is more than the log can store (SQLite's limit is \(limit) bytes)", field: "event"))
        }
        throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "binding parameter \(index): \(String(cString: sqlite3_errstr(code)))", sql: sql)
    }

    /// A byte to point at for an empty value (a nil pointer would bind NULL).
    nonisolated(unsafe) private static let empty: UnsafePointer<UInt8> = {
        let byte = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
        byte.initialize(to: 0)
        return UnsafePointer(byte)
    }()

    /// Runs the statement once and resets it for the next row.
    func step() throws {
        let code = sqlite3_step(handle)
        // Cleared, so that no binding outlives the memory it points to (``bindStatic``).
        defer { sqlite3_reset(handle); sqlite3_clear_bindings(handle) }
        guard code == SQLITE_DONE else {
            let message = String(cString: sqlite3_errmsg(sqlite3_db_handle(handle)))
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
        }
    }
}
