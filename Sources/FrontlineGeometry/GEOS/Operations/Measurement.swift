import CGEOS

// Planar measures, in degrees (square degrees for area): GEOS knows nothing of the ellipsoid.
// They are named `planar…` on purpose and are never user-facing figures; geodesic measures
// live in `Geodesic/`.

extension GEOSGeometry {
    /// Planar area in square degrees, from `GEOSArea_r`. Never a user-facing figure.
    public var planarArea: Double {
        get throws {
            var area = 0.0
            // 0 on exception.
            guard GEOSArea_r(handle, pointer, &area) != 0 else { throw context.error("area") }
            return area
        }
    }

    /// Planar length (perimeter for polygons) in degrees, from `GEOSLength_r`. Never a user-facing figure.
    public var planarLength: Double {
        get throws {
            var length = 0.0
            // 0 on exception.
            guard GEOSLength_r(handle, pointer, &length) != 0 else { throw context.error("length") }
            return length
        }
    }

    /// Planar distance in degrees to `other` (0 when they intersect), from `GEOSDistance_r`.
    public func planarDistance(to other: GEOSGeometry) throws -> Double {
        checkContext(other, "distance")
        var distance = 0.0
        // 0 on exception.
        guard GEOSDistance_r(handle, pointer, other.pointer, &distance) != 0 else { throw context.error("distance") }
        return distance
    }

    /// The bounding box, or nil for an empty geometry, from `GEOSGeom_getXMin_r` and siblings.
    public var boundingBox: BoundingBox? {
        get throws {
            if try isEmpty { return nil }
            var box = BoundingBox(minLon: 0, minLat: 0, maxLon: 0, maxLat: 0)
            // Each returns 0 on exception (including an empty geometry, excluded above).
            guard GEOSGeom_getXMin_r(handle, pointer, &box.minLon) != 0,
                  GEOSGeom_getYMin_r(handle, pointer, &box.minLat) != 0,
                  GEOSGeom_getXMax_r(handle, pointer, &box.maxLon) != 0,
                  GEOSGeom_getYMax_r(handle, pointer, &box.maxLat) != 0
            else { throw context.error("getExtent") }
            return box
        }
    }
}
