// swift-tools-version:6.0
import PackageDescription

// Release-mode benchmark harness, kept apart so `swift test` never builds it.
// Same language settings as the main package, so benchmark files import what they use,
// and the same optimisation as a shipped `swift build -c release` (-O, checks kept): the
// figures measure what users run.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "ladder-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "ladder", path: "..")],
    targets: [
        .executableTarget(
            name: "ladder-bench",
            dependencies: [
                .product(name: "LadderCore", package: "ladder"),
                .product(name: "LadderSpec", package: "ladder"),
                .product(name: "LadderPlan", package: "ladder"),
                .product(name: "LadderStore", package: "ladder"),
                .product(name: "LadderScoring", package: "ladder"),
                .product(name: "LadderPython", package: "ladder"),
                .product(name: "LadderSubset", package: "ladder"),
                .product(name: "LadderAnalysis", package: "ladder"),
                .product(name: "LadderEngines", package: "ladder"),
                .product(name: "LadderRun", package: "ladder"),
                .product(name: "LadderReport", package: "ladder"),
                .product(name: "LadderTensor", package: "ladder"),
                .product(name: "LadderModel", package: "ladder"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
