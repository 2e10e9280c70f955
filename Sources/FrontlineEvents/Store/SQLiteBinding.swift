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

    func null(_ index: Int32) { sqlite3_bind_null(handle, index) }

    func bind(_ index: Int32, _ value: Int64) { sqlite3_bind_int64(handle, index, value) }

    func bind(_ index: Int32, _ value: Int?) {
        if let value { sqlite3_bind_int64(handle, index, Int64(value)) } else { null(index) }
    }

    func bind(_ index: Int32, _ value: Double?) {
        if let value { sqlite3_bind_double(handle, index, value) } else { null(index) }
    }

    func bind(_ index: Int32, _ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            if let base = utf8.baseAddress, utf8.count > 0 {
                base.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
                    _ = sqlite3_bind_text(handle, index, $0, Int32(utf8.count), SQLiteBinding.transient)
                }
            } else {
                _ = sqlite3_bind_text(handle, index, "", 0, SQLiteBinding.transient)
            }
        }
    }

    /// Binds `count` UTF-8 bytes at `text` without copying them: they must stay where they are
    /// until the statement has been stepped (``step()`` clears every binding afterwards).
    func bindStatic(_ index: Int32, text: UnsafePointer<UInt8>, count: Int) {
        text.withMemoryRebound(to: CChar.self, capacity: count) {
            _ = sqlite3_bind_text(handle, index, $0, Int32(count), nil)
        }
    }

    func bind(_ index: Int32, _ value: String?) {
        if let value { bind(index, value) } else { null(index) }
    }

    func bind(_ index: Int32, blob: [UInt8]?) {
        guard let blob else { return null(index) }
        blob.withUnsafeBytes { bytes in
            _ = sqlite3_bind_blob(handle, index, bytes.baseAddress, Int32(bytes.count), SQLiteBinding.transient)
        }
    }

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
