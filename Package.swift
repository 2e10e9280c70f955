// swift-tools-version:6.0
import PackageDescription

// GeoData/ is compiled into the binary (see GeoData/embed/geodata.S): the tool finds its
// admin areas and settlements under `swift run` and as a release binary copied anywhere.
let geoData = Context.packageDirectory + "/GeoData"
func embedded(_ macro: String, _ file: String) -> CSetting {
    .define(macro, to: "\"\(geoData)/\(file)\"")
}

let package = Package(
    name: "Frontline",
    platforms: [.macOS(.v15)],  // Synchronization.Mutex
    products: [
        .executable(name: "frontline", targets: ["frontline"]),
        .library(name: "FrontlineSupport", targets: ["FrontlineSupport"]),
        .library(name: "FrontlineJSON", targets: ["FrontlineJSON"]),
        .library(name: "FrontlineGeometry", targets: ["FrontlineGeometry"]),
        .library(name: "FrontlineGeoData", targets: ["FrontlineGeoData"]),
        .library(name: "FrontlineEvents", targets: ["FrontlineEvents"]),
        .library(name: "FrontlineControl", targets: ["FrontlineControl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // C libraries from Debian: libgeos-dev (GEOS 3.11, reentrant API) and libproj-dev (geodesic.h).
        .systemLibrary(name: "CGEOS", pkgConfig: "geos", providers: [.apt(["libgeos-dev"])]),
        .systemLibrary(name: "CProj", pkgConfig: "proj", providers: [.apt(["libproj-dev"])]),

        // The GeoData files, embedded as bytes with the assembler's .incbin.
        .target(
            name: "GeoDataBlob",
            path: "GeoData",
            exclude: ["README.md", "areas.geojson", "settlements.tsv", "logistics.json", "scenarios"],
            sources: ["embed/geodata.S", "embed/geodata.c"],
            publicHeadersPath: "embed/include",
            cSettings: [
                embedded("FRONTLINE_AREAS_GEOJSON", "areas.geojson"),
                embedded("FRONTLINE_SETTLEMENTS_TSV", "settlements.tsv"),
                embedded("FRONTLINE_LOGISTICS_JSON", "logistics.json"),
                embedded("FRONTLINE_SCENARIO_KHARKIV_2022", "scenarios/kharkiv-2022.csv"),
            ]
        ),

        // Helpers every module uses, with no dependencies: phase timings (`Trace`), jobs on every
        // core (`Concurrently`), a value made once on first use (`Once`), text made safe for a
        // terminal (`VisibleText`).
        .target(name: "FrontlineSupport"),
        // JSON: `JSONValue` trees, the byte-level scanner (its internals `package` for the GeoJSON
        // reader) and `JSONParser`, whose numbers are exact.
        .target(name: "FrontlineJSON"),
        // Geometry: value types, GEOS bridge and operations, WGS84 geodesics, GeoJSON.
        .target(name: "FrontlineGeometry", dependencies: ["FrontlineSupport", "FrontlineJSON", "CGEOS", "CProj"]),
        // SQLite's process-wide settings, through the one C call Swift cannot make (variadic).
        .target(name: "CSQLiteConfig", linkerSettings: [.linkedLibrary("sqlite3")]),
        // A cache prefetch hint, which Swift cannot spell (the import's windows).
        .target(name: "CPrefetch"),
        // Admin areas and settlements shipped with the tool, and the gazetteer over them.
        .target(name: "FrontlineGeoData", dependencies: ["FrontlineSupport", "FrontlineJSON", "FrontlineGeometry", "GeoDataBlob"]),
        // The event log: sourced control events in SQLite (GRDB), hash-chained, behind `EventStore`.
        .target(
            name: "FrontlineEvents",
            dependencies: [
                "FrontlineSupport", "FrontlineJSON", "FrontlineGeometry", "FrontlineGeoData", "CSQLiteConfig", "CPrefetch",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),  // sqlite3_bind_* on the import's hot path
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Territory and control: settlement cells, control at a time, area changed hands, front
        // line, GeoJSON export.
        .target(name: "FrontlineControl", dependencies: ["FrontlineSupport", "FrontlineJSON", "FrontlineGeometry", "FrontlineGeoData", "FrontlineEvents"]),
        // Maps and charts as SVG, written in Swift (no browser).
        .target(name: "FrontlineRender", dependencies: ["FrontlineSupport", "FrontlineGeometry", "FrontlineGeoData", "FrontlineEvents", "FrontlineControl"]),
        // The command-line interface as a library, so tests can drive it; `frontline` stays thin.
        .target(
            name: "FrontlineCLI",
            dependencies: [
                "FrontlineSupport", "FrontlineJSON", "FrontlineGeometry", "FrontlineGeoData", "FrontlineEvents", "FrontlineControl",
                "FrontlineRender",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "frontline", dependencies: ["FrontlineCLI"]),

        .testTarget(name: "FrontlineSupportTests", dependencies: ["FrontlineSupport"]),
        // What several test targets share: a seeded random generator, sides written as literals
        // (never in the library).
        .target(name: "SeededRandom", path: "Tests/SeededRandom"),
        .target(name: "FrontlineTestSupport", dependencies: ["FrontlineEvents"], path: "Tests/FrontlineTestSupport"),
        .testTarget(name: "FrontlineJSONTests", dependencies: ["FrontlineJSON", "SeededRandom"]),
        .testTarget(name: "FrontlineGeometryTests", dependencies: ["FrontlineGeometry", "FrontlineJSON", "SeededRandom"], resources: [.copy("GeoJSON/Fixtures"), .copy("GEOS/Robustness")]),
        .testTarget(name: "FrontlineGeoDataTests", dependencies: ["FrontlineGeoData"], exclude: ["Fixtures"]),
        .testTarget(
            name: "FrontlineControlTests",
            dependencies: ["FrontlineControl", "FrontlineGeoData", "FrontlineGeometry", "FrontlineEvents", "FrontlineJSON", "FrontlineTestSupport"]
        ),
        .testTarget(name: "FrontlineEventsTests", dependencies: ["FrontlineEvents", "FrontlineTestSupport", "SeededRandom"], exclude: ["Fixtures"]),
        .testTarget(
            name: "FrontlineRenderTests",
            dependencies: ["FrontlineRender", "FrontlineControl", "FrontlineGeoData", "FrontlineGeometry", "FrontlineEvents", "FrontlineTestSupport"]
        ),
        .testTarget(
            name: "FrontlineCLITests",
            // GRDB to watch, from outside, for the moment an import holds the log's write lock.
            dependencies: ["FrontlineCLI", .product(name: "GRDB", package: "GRDB.swift")]
        ),
    ]
)
