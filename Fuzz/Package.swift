// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets (the ladder parser and planner, the Python tokenizer and
// transpiler round trip, the results-JSON reader; LADDER_FUZZ_TARGET picks one),
// kept apart because they link only with -sanitize=fuzzer (see `make fuzz`).
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
                .product(name: "LadderPython", package: "ladder"),
                .product(name: "LadderScoring", package: "ladder"),
            ]
        ),
    ]
)
