import CGEOS

extension GEOSGeometry {
    /// Whether the geometry is valid in the OGC sense, from `GEOSisValid_r`.
    public var isValid: Bool {
        get throws {
            switch GEOSisValid_r(handle, pointer) {
            case 1: return true
            case 0: return false
            default: throw context.error("isValid") // 2: exception
            }
        }
    }

    /// GEOS's reason for (in)validity — "Valid Geometry", or e.g. "Self-intersection[1 1]" —
    /// from `GEOSisValidReason_r`.
    public var validityReason: String {
        get throws {
            // NULL on exception; the string is freed with GEOSFree_r.
            guard let reason = GEOSisValidReason_r(handle, pointer) else { throw context.error("isValidReason") }
            defer { GEOSFree_r(handle, reason) }
            return String(cString: reason)
        }
    }

    /// Whether the geometry has no points, from `GEOSisEmpty_r`.
    public var isEmpty: Bool {
        get throws {
            switch GEOSisEmpty_r(handle, pointer) {
            case 1: return true
            case 0: return false
            default: throw context.error("isEmpty") // 2: exception
            }
        }
    }

    /// A valid geometry covering the same area.
    ///
    /// Uses `GEOSMakeValidWithParams_r` with `GEOS_MAKE_VALID_STRUCTURE` and keepCollapsed off
    /// (polygons stay polygons: a bow-tie becomes two triangles, collapsed parts are dropped);
    /// falls back to `GEOSMakeValid_r` (the linework method) if that fails.
    public func makeValid() throws -> GEOSGeometry {
        if let structured = makeValidStructure() { return structured }
        context.clearErrors()
        // NULL on exception.
        return try owned("makeValid", GEOSMakeValid_r(handle, pointer))
    }

    private func makeValidStructure() -> GEOSGeometry? {
        // NULL on exception.
        guard let params = GEOSMakeValidParams_create_r(handle) else { return nil }
        defer { GEOSMakeValidParams_destroy_r(handle, params) }
        // The setters return 0 on exception.
        guard GEOSMakeValidParams_setMethod_r(handle, params, GEOS_MAKE_VALID_STRUCTURE) != 0,
              GEOSMakeValidParams_setKeepCollapsed_r(handle, params, 0) != 0
        else { return nil }
        // NULL on exception.
        guard let result = GEOSMakeValidWithParams_r(handle, pointer, params) else { return nil }
        return GEOSGeometry(owning: result, context: context)
    }
}

extension Geometry {
    /// `GEOSisValid_r` in a fresh context.
    public var isValid: Bool {
        get throws { try GEOSGeometry(self, context: GEOSContext()).isValid }
    }

    /// `GEOSisValidReason_r` in a fresh context ("Valid Geometry" when valid).
    public var validityReason: String {
        get throws { try GEOSGeometry(self, context: GEOSContext()).validityReason }
    }

    /// See ``GEOSGeometry/makeValid()``; fresh context.
    public func makeValid() throws -> Geometry { try viaGEOS { try $0.makeValid() } }
}
