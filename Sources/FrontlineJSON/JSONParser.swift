/// A JSON text that is not valid JSON (RFC 8259), with where it went wrong.
///
/// `line` and `column` are 1-based; the column counts bytes (UTF-8 code units) from the start
/// of the line, as compilers and most editors' "go to column" do for ASCII text.
public struct JSONSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    /// Byte offset of the problem from the start of the text.
    public var offset: Int
    public var message: String
    /// The key, when the problem is a key given twice in one object (only when the parser is
    /// asked to refuse those: ``JSONParser/parse(_:rejectingDuplicateKeys:)-(UnsafeRawBufferPointer,_)``).
    public var duplicateKey: String? = nil

    public var description: String { "\(line):\(column): \(message)" }
}

/// Reads JSON texts (RFC 8259) into ``JSONValue`` trees with a hand-written byte-level parser.
public enum JSONParser {
    /// Parses one JSON value; throws ``JSONSyntaxError`` with the line and column of the problem.
    /// With `rejectingDuplicateKeys`, a key given twice in one object is an error
    /// (``JSONSyntaxError/duplicateKey``); otherwise both are kept (``JSONObject``).
    public static func parse(_ bytes: UnsafeRawBufferPointer, rejectingDuplicateKeys: Bool = false) throws(JSONSyntaxError) -> JSONValue {
        let buffer = bytes.assumingMemoryBound(to: UInt8.self)
        var scanner = JSONScanner(buffer)
        scanner.rejectsDuplicateKeys = rejectingDuplicateKeys
        do {
            let value = try scanner.parseValue()
            try scanner.expectEnd()
            return value
        } catch {
            let (line, column) = scanner.lineAndColumn(of: error.offset)
            throw JSONSyntaxError(line: line, column: column, offset: error.offset, message: error.message,
                                  duplicateKey: error.duplicateKey)
        }
    }

    public static func parse(_ bytes: [UInt8], rejectingDuplicateKeys: Bool = false) throws(JSONSyntaxError) -> JSONValue {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(JSONSyntaxError) in try parse(raw, rejectingDuplicateKeys: rejectingDuplicateKeys) }
        }
        return try result.get()
    }

    public static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        try parse(Array(text.utf8))
    }
}
