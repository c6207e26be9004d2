// swift-tools-version:6.0
import PackageDescription

// libFuzzer target for the ladder parser and planner, kept apart because it
// links only with -sanitize=fuzzer (see `make fuzz`).
let package = Package(
    name: "ladder-fuzz",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "ladder", path: "..")],
    targets: [
        .executableTarget(
            name: "ladder-fuzz",
            dependencies: [
                .product(name: "LadderCore", package: "ladder"),
                .product(name: "LadderSpec", package: "ladder"),
                .product(name: "LadderPlan", package: "ladder"),
            ]
        ),
    ]
)
