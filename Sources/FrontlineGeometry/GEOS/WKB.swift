import CGEOS

extension GEOSGeometry {
    /// Parses WKB (ISO or extended; Z is read and later dropped by ``geometry()``) with a
    /// `GEOSWKBReader` (`GEOSWKBReader_create_r`, `GEOSWKBReader_read_r`, `GEOSWKBReader_destroy_r`).
    /// - Throws: ``GEOSError/parseFailed(format:message:)`` carrying GEOS's message.
    public convenience init(wkb: [UInt8], context: GEOSContext) throws {
        // NULL on exception.
        guard let reader = GEOSWKBReader_create_r(context.handle) else { throw context.error("WKBReader_create") }
        defer { GEOSWKBReader_destroy_r(context.handle, reader) }
        // NULL on exception (a parse error).
        let pointer = wkb.withUnsafeBufferPointer { bytes in
            GEOSWKBReader_read_r(context.handle, reader, bytes.baseAddress, bytes.count)
        }
        guard let pointer else {
            throw GEOSError.parseFailed(format: "WKB", message: context.takeErrorMessage() ?? "GEOS reported no message")
        }
        self.init(owning: pointer, context: context)
    }

    /// Writes 2D, little-endian (NDR) WKB with a `GEOSWKBWriter` (`GEOSWKBWriter_write_r`).
    public func wkb() throws -> [UInt8] {
        // NULL on exception.
        guard let writer = GEOSWKBWriter_create_r(handle) else { throw context.error("WKBWriter_create") }
        defer { GEOSWKBWriter_destroy_r(handle, writer) }
        // The setters return nothing and cannot fail.
        GEOSWKBWriter_setOutputDimension_r(handle, writer, 2)
        GEOSWKBWriter_setByteOrder_r(handle, writer, Int32(GEOS_WKB_NDR.rawValue))
        var size = 0
        // NULL on exception; the buffer is freed with GEOSFree_r.
        guard let bytes = GEOSWKBWriter_write_r(handle, writer, pointer, &size) else {
            throw context.error("WKBWriter_write")
        }
        defer { GEOSFree_r(handle, bytes) }
        return Array(UnsafeBufferPointer(start: bytes, count: size))
    }
}

extension Geometry {
    /// Parses WKB (through a fresh ``GEOSContext``; see ``GEOSGeometry/init(wkb:context:)``).
    public init(wkb: [UInt8]) throws {
        let context = try GEOSContext()
        self = try GEOSGeometry(wkb: wkb, context: context).geometry()
    }

    /// 2D little-endian WKB (see ``GEOSGeometry/wkb()``).
    public func wkb() throws -> [UInt8] {
        let context = try GEOSContext()
        return try GEOSGeometry(self, context: context).wkb()
    }
}
