import CGEOS

extension GEOSGeometry {
    /// Parses WKT with a `GEOSWKTReader` (`GEOSWKTReader_create_r`, `GEOSWKTReader_read_r`,
    /// `GEOSWKTReader_destroy_r`).
    /// - Throws: ``GEOSError/parseFailed(format:message:)`` carrying GEOS's message
    ///   (e.g. "ParseException: Expected word but encountered end of stream").
    public convenience init(wkt: String, context: GEOSContext) throws {
        // NULL on exception.
        guard let reader = GEOSWKTReader_create_r(context.handle) else { throw context.error("WKTReader_create") }
        defer { GEOSWKTReader_destroy_r(context.handle, reader) }
        // NULL on exception (a parse error).
        guard let pointer = GEOSWKTReader_read_r(context.handle, reader, wkt) else {
            throw GEOSError.parseFailed(format: "WKT", message: context.takeErrorMessage() ?? "GEOS reported no message")
        }
        self.init(owning: pointer, context: context)
    }

    /// Writes 2D WKT with a `GEOSWKTWriter` (`GEOSWKTWriter_write_r`), trimmed (no trailing
    /// zeros). `precision` is the number of decimals; nil writes the shortest form that reads back
    /// exactly.
    public func wkt(precision: Int? = nil) throws -> String {
        // NULL on exception.
        guard let writer = GEOSWKTWriter_create_r(handle) else { throw context.error("WKTWriter_create") }
        defer { GEOSWKTWriter_destroy_r(handle, writer) }
        // The setters return nothing and cannot fail.
        GEOSWKTWriter_setTrim_r(handle, writer, 1)
        GEOSWKTWriter_setOutputDimension_r(handle, writer, 2)
        GEOSWKTWriter_setRoundingPrecision_r(handle, writer, Int32(precision ?? -1))
        // NULL on exception; the string is freed with GEOSFree_r.
        guard let text = GEOSWKTWriter_write_r(handle, writer, pointer) else { throw context.error("WKTWriter_write") }
        defer { GEOSFree_r(handle, text) }
        return String(cString: text)
    }
}

extension Geometry {
    /// Parses WKT (through a fresh ``GEOSContext``; see ``GEOSGeometry/init(wkt:context:)``).
    public init(wkt: String) throws {
        let context = try GEOSContext()
        self = try GEOSGeometry(wkt: wkt, context: context).geometry()
    }

    /// 2D WKT (see ``GEOSGeometry/wkt(precision:)``).
    public func wkt(precision: Int? = nil) throws -> String {
        let context = try GEOSContext()
        return try GEOSGeometry(self, context: context).wkt(precision: precision)
    }
}
