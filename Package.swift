// swift-tools-version:6.0
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "ladder",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "ladder", targets: ["ladder"]),
        .library(name: "LadderCore", targets: ["LadderCore"]),
        .library(name: "LadderSpec", targets: ["LadderSpec"]),
        .library(name: "LadderPlan", targets: ["LadderPlan"]),
        .library(name: "LadderStore", targets: ["LadderStore"]),
        .library(name: "LadderScoring", targets: ["LadderScoring"]),
        .library(name: "LadderPython", targets: ["LadderPython"]),
        .library(name: "LadderSubset", targets: ["LadderSubset"]),
        .library(name: "LadderAnalysis", targets: ["LadderAnalysis"]),
        .library(name: "LadderToyModel", targets: ["LadderToyModel"]),
        .library(name: "LadderTranslate", targets: ["LadderTranslate"]),
        .library(name: "LadderTensor", targets: ["LadderTensor"]),
        .library(name: "LadderModel", targets: ["LadderModel"]),
        .library(name: "LadderEval", targets: ["LadderEval"]),
        .library(name: "LadderEngines", targets: ["LadderEngines"]),
        .library(name: "LadderRun", targets: ["LadderRun"]),
        .library(name: "LadderSlurm", targets: ["LadderSlurm"]),
        .library(name: "LadderReport", targets: ["LadderReport"]),
        .library(name: "LadderCLI", targets: ["LadderCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // C shim: SHA-256 from the system libcrypto (libssl-dev).
        .systemLibrary(name: "CLibCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        // C shim: the YAML event parser from the system libyaml (libyaml-dev).
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        // C shim: single-precision GEMM from the system OpenBLAS (libopenblas-dev).
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),

        // Vocabulary: hashing, canonical encoding, JSON values, diagnostics, atomic files.
        .target(name: "LadderCore", dependencies: ["CLibCrypto"], exclude: ["README.md"], swiftSettings: swiftSettings),
        // YAML -> typed, validated ladder with source locations.
        .target(name: "LadderSpec", dependencies: ["LadderCore", "CYAML"], exclude: ["README.md"], swiftSettings: swiftSettings),
        // Matrix expansion, step graph, step keys, explain.
        // Release builds leave out the run-time exclusivity checks of the plan builder's properties (touched
        // some twenty times per step, about 7% of planning); debug builds, which the tests use, keep them.
        .target(name: "LadderPlan", dependencies: ["LadderCore", "LadderSpec"], exclude: ["README.md"],
                swiftSettings: swiftSettings + [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]),
        // Content-addressed artifact store and the state database.
        .target(name: "LadderStore", dependencies: ["LadderCore", .product(name: "GRDB", package: "GRDB.swift")], exclude: ["README.md"], swiftSettings: swiftSettings),

        // Domain libraries used by built-in engines (leaf modules).
        .target(name: "LadderScoring", dependencies: ["LadderCore"], exclude: ["README.md", "Tables"], swiftSettings: swiftSettings),
        .target(name: "LadderPython", dependencies: ["LadderCore"], exclude: ["README.md", "Packs"], swiftSettings: swiftSettings),
        .target(name: "LadderSubset", dependencies: ["LadderCore", "LadderPython"], exclude: ["README.md"], swiftSettings: swiftSettings),
        // A small character n-gram model and a SIB-200 answering task for the demo ladder.
        .target(name: "LadderToyModel", dependencies: ["LadderCore"], exclude: ["README.md"], swiftSettings: swiftSettings),
        // LLM and glossary translation of identifiers, comments and strings: providers, pacing, breakers, resume.
        .target(name: "LadderTranslate", dependencies: ["LadderCore", "LadderPython"], exclude: ["README.md", "Prompts"], swiftSettings: swiftSettings),
        // Float32 matrices over OpenBLAS and the kernels of a transformer (the only module that sees pointers).
        // Optimised in debug builds too: its loops are the step's non-GEMM time, and `make run` and the tests use debug builds.
        .target(name: "LadderTensor", dependencies: ["CBLAS"], exclude: ["README.md"],
                swiftSettings: swiftSettings + [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        // A Cohere2-layout transformer: forward/backward, LoRA, BPE tokenizer, safetensors, training, inference.
        .target(name: "LadderModel", dependencies: ["LadderCore", "LadderTensor"], exclude: ["README.md"], swiftSettings: swiftSettings),
        // Benchmark loaders, prompt templates as data, the evaluation matrix, resumable rows, results files.
        .target(name: "LadderEval", dependencies: ["LadderCore"], exclude: ["README.md"], swiftSettings: swiftSettings),
        // Cells, versus-baseline, flips and significance over scored rows.
        .target(name: "LadderAnalysis", dependencies: ["LadderCore"], exclude: ["README.md"], swiftSettings: swiftSettings),

        // Engine protocol, registry, built-in engines and the external-engine adapter.
        .target(name: "LadderEngines", dependencies: ["LadderCore", "LadderSpec", "LadderPlan", "LadderStore", "LadderScoring", "LadderPython", "LadderSubset", "LadderAnalysis", "LadderToyModel", "LadderTranslate", "LadderTensor", "LadderModel", "LadderEval"], exclude: ["README.md"], swiftSettings: swiftSettings),
        // Scheduler, local executor, resume, views, progress.
        .target(name: "LadderRun", dependencies: ["LadderCore", "LadderSpec", "LadderPlan", "LadderStore", "LadderEngines"], exclude: ["README.md"], swiftSettings: swiftSettings),
        // The Slurm executor: sbatch, batched squeue polls, scancel, adoption after a restart.
        .target(name: "LadderSlurm", dependencies: ["LadderCore", "LadderSpec", "LadderPlan", "LadderStore", "LadderEngines", "LadderRun"], exclude: ["README.md"], swiftSettings: swiftSettings),
        // Analysis tables, diff, manifest, HTML report.
        .target(name: "LadderReport", dependencies: ["LadderCore", "LadderSpec", "LadderPlan", "LadderStore", "LadderScoring", "LadderAnalysis", "LadderEngines"], exclude: ["README.md"], swiftSettings: swiftSettings),
        // Commands: argument parsing and output formatting only.
        .target(name: "LadderCLI", dependencies: [
            "LadderCore", "LadderSpec", "LadderPlan", "LadderStore", "LadderEngines", "LadderRun", "LadderSlurm", "LadderReport", "LadderScoring", "LadderAnalysis",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], exclude: ["README.md"], swiftSettings: swiftSettings),
        .executableTarget(name: "ladder", dependencies: ["LadderCLI"], swiftSettings: swiftSettings),
        // Cross-check fixtures for scripts/verify_hf.py (`make verify-hf`).
        .executableTarget(name: "ladder-model", dependencies: ["LadderModel", "LadderTensor", "LadderCore"], swiftSettings: swiftSettings),

        .testTarget(name: "LadderCoreTests", dependencies: ["LadderCore"], swiftSettings: swiftSettings),
        .testTarget(name: "LadderSpecTests", dependencies: ["LadderSpec", "LadderCore"], swiftSettings: swiftSettings),
        .testTarget(name: "LadderPlanTests", dependencies: ["LadderPlan", "LadderSpec", "LadderCore", "LadderEngines"], swiftSettings: swiftSettings),
        .testTarget(name: "LadderStoreTests", dependencies: ["LadderStore"], swiftSettings: swiftSettings),
        .testTarget(name: "LadderScoringTests", dependencies: ["LadderScoring"], swiftSettings: swiftSettings),
        .testTarget(name: "LadderPythonTests", dependencies: ["LadderPython"], swiftSettings: swiftSettings),
        .testTarget(name: "LadderSubsetTests", dependencies: ["LadderSubset"], swiftSettings: swiftSettings),
        .testTarget(name: "LadderToyModelTests", dependencies: ["LadderToyModel", "LadderCore"], swiftSettings: swiftSettings),
        .testTarget(name: "LadderTranslateTests", dependencies: ["LadderTranslate", "LadderEngines", "LadderRun", "LadderStore", "LadderSpec", "LadderPython", "LadderCore"], swiftSettings: swiftSettings),
        .testTarget(name: "LadderModelTests", dependencies: ["LadderModel", "LadderTensor", "LadderCore"], swiftSettings: swiftSettings),
        .testTarget(name: "LadderEvalTests", dependencies: ["LadderEval", "LadderCore"], swiftSettings: swiftSettings),
        .testTarget(name: "LadderAnalysisTests", dependencies: ["LadderAnalysis"], swiftSettings: swiftSettings),
        .testTarget(name: "LadderEnginesTests", dependencies: ["LadderEngines", "LadderCore", "LadderSpec", "LadderModel", "LadderEval", "LadderPlan"], swiftSettings: swiftSettings),
        .testTarget(name: "LadderRunTests", dependencies: ["LadderRun", .product(name: "GRDB", package: "GRDB.swift")], exclude: ["Golden"], swiftSettings: swiftSettings),
        .testTarget(name: "LadderSlurmTests", dependencies: ["LadderSlurm", "LadderRun", "LadderStore", "LadderSpec", "LadderCore"], swiftSettings: swiftSettings),
        .testTarget(name: "LadderReportTests", dependencies: ["LadderReport", "LadderAnalysis", "LadderCore"], exclude: ["Golden"], swiftSettings: swiftSettings),
        .testTarget(name: "LadderCLITests", dependencies: ["LadderCLI", "LadderRun", "LadderReport", "LadderAnalysis", "LadderStore", "LadderCore", "LadderSpec", "LadderPlan", "LadderEngines"], swiftSettings: swiftSettings),
    ]
)
