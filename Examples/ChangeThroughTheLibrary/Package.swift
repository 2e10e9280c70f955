// swift-tools-version:6.0
import PackageDescription

// A package that uses Frontline as a library, as another Swift project (the coming server, a
// newsroom's own tool) would: no command line, only the library products.
let package = Package(
    name: "ChangeThroughTheLibrary",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "Frontline", path: "../.."),
    ],
    targets: [
        .executableTarget(name: "ChangeThroughTheLibrary", dependencies: [
            .product(name: "FrontlineControl", package: "Frontline"),
            .product(name: "FrontlineEvents", package: "Frontline"),
            .product(name: "FrontlineGeoData", package: "Frontline"),
        ]),
    ]
)
