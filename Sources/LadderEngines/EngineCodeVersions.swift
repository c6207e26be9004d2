import Foundation

/// Each built-in engine's code version and the SHA-256 of the source files that
/// implement it (files, or folders whose `.swift` files count, relative to
/// `Sources/`; see `sourceHash` in the engine tests). Both enter every step key
/// of the engine, so a release that changes an engine's code re-runs exactly
/// that engine's steps and their dependents, and one that does not re-runs nothing.
///
/// A test recomputes every hash from the sources and fails with
/// "engine X's code changed: bump its version" when they disagree; running the
/// engine tests with `LADDER_BLESS_ENGINE_VERSIONS=1` bumps the versions of the
/// changed engines and writes their new hashes here.
public enum EngineCodeVersions {
    public struct Entry: Sendable {
        public var version: String
        public var sha256: String
        public var sources: [String]

        public init(version: String, sha256: String, sources: [String]) {
            self.version = version
            self.sha256 = sha256
            self.sources = sources
        }
    }

    public static let table: [String: Entry] = [
        "subset": Entry(version: "3", sha256: "94f73997cad0c4dbcc7f72410bec8214ac3a9f5fe0cf0430462010869bf78874", sources: ["LadderEngines/SubsetEngine.swift", "LadderSubset", "LadderPython", "LadderCore"]),
        "transpile": Entry(version: "3", sha256: "6dc730063a9651062fa78be8bfd93b40f73a14c0b4e8b37f2b023bdb90a8fb6f", sources: ["LadderEngines/TranspileEngine.swift", "LadderEngines/DatasetDirectory.swift", "LadderPython", "LadderCore"]),
        "align": Entry(version: "3", sha256: "8e1fa5e3ac0b41345a7a78dbe335ba13d4e3c37c78452f744164bb37d490dd74", sources: ["LadderEngines/AlignEngine.swift", "LadderEngines/DatasetDirectory.swift", "LadderCore"]),
        "import": Entry(version: "3", sha256: "10b91eef20de1a2474b569d7887616bee7afae4932ef13c0e9d82721eeeaef4e", sources: ["LadderEngines/ImportEngine.swift", "LadderCore"]),
        "reparse": Entry(version: "3", sha256: "f826fbe6fd312bcf8f961f8869fbd42775c496c1dfd0ab495b308515e6541a94", sources: ["LadderEngines/ReparseEngine.swift", "LadderEngines/ScorerCatalog.swift", "LadderScoring", "LadderCore"]),
        "analysis": Entry(version: "3", sha256: "90d490418f54f18945cc6a0c546eac801bc423e680090236a89a7a3d951bc04b", sources: ["LadderEngines/AnalysisEngine.swift", "LadderEngines/ScoredOutput.swift", "LadderAnalysis", "LadderCore"]),
        "ngram-train": Entry(version: "3", sha256: "f2b898da28adb8a91b76c60d243c757dd45c0283fcdbe27f593b85336e40ddd4", sources: ["LadderEngines/NGramTrainEngine.swift", "LadderEngines/DatasetDirectory.swift", "LadderToyModel", "LadderCore"]),
        "ngram-eval": Entry(version: "3", sha256: "d06d3b8b8f9f5866b1eac83a67591c83d8ac1cbea5c4400949708e699b432567", sources: ["LadderEngines/NGramEvalEngine.swift", "LadderToyModel", "LadderCore"]),
        "pretrain": Entry(version: "4", sha256: "2231649744a59f44fb47775b3049d6d6de137882d4c940dc8f7b9238327663d0", sources: ["LadderEngines/PretrainEngine.swift", "LadderEngines/ModelEngineSupport.swift", "LadderModel", "LadderTensor", "LadderCore"]),
        "lora-train": Entry(version: "4", sha256: "b289c7b093acb418b041e551dfa4c1658dd724cb588c09e1b2602e5a79ae6144", sources: ["LadderEngines/LoRATrainEngine.swift", "LadderEngines/ModelEngineSupport.swift", "LadderEngines/DatasetDirectory.swift", "LadderModel", "LadderTensor", "LadderCore"]),
        "shell": Entry(version: "3", sha256: "685746a540eaf270a402823a20e45b92f21264a74edda9413ad10003a4d7f755", sources: ["LadderEngines/ShellEngine.swift", "LadderEngines/ExternalEngine.swift", "LadderCore"]),
    ]

    /// The entry of a built-in engine; an engine missing from the table is a programming error
    /// that the code-version test reports.
    public static func entry(_ name: String) -> Entry {
        table[name] ?? Entry(version: "unversioned", sha256: "unversioned", sources: [])
    }
}
