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
        "subset": Entry(version: "3", sha256: "adc386694f29e29b19199db97ff67623caca1e7638222ee3ba17da66a89fe7ce", sources: ["LadderEngines/SubsetEngine.swift", "LadderSubset", "LadderPython", "LadderCore"]),
        "transpile": Entry(version: "3", sha256: "c1e79017ebff414e68e28ec07e2df79a596ce5c3a6fb12632fc34d1aa1330942", sources: ["LadderEngines/TranspileEngine.swift", "LadderEngines/DatasetDirectory.swift", "LadderPython", "LadderCore"]),
        "align": Entry(version: "3", sha256: "92338a8e1bbc251982758ca313275f0d87de7781d56475d35283b3b828d81998", sources: ["LadderEngines/AlignEngine.swift", "LadderEngines/DatasetDirectory.swift", "LadderCore"]),
        "import": Entry(version: "3", sha256: "7a3e3142376f3d8f0d6c0dba5163403ccaee531041cf43d63de9a73a91c39aef", sources: ["LadderEngines/ImportEngine.swift", "LadderCore"]),
        "reparse": Entry(version: "3", sha256: "b4aa285c304bf6dc7b35e9751e730cbe7093534aa34ae73b4810cd197ef4a839", sources: ["LadderEngines/ReparseEngine.swift", "LadderEngines/ScorerCatalog.swift", "LadderScoring", "LadderCore"]),
        "analysis": Entry(version: "3", sha256: "2f61852da0edfad679a779fde1b4655a427f8b045d7710cf23a8648ec3c70557", sources: ["LadderEngines/AnalysisEngine.swift", "LadderEngines/ScoredOutput.swift", "LadderAnalysis", "LadderCore"]),
        "ngram-train": Entry(version: "3", sha256: "7ac54d4a6c66920bfe246a1b0f73829cae8266c7a21deb2b81f847716a63e099", sources: ["LadderEngines/NGramTrainEngine.swift", "LadderEngines/DatasetDirectory.swift", "LadderToyModel", "LadderCore"]),
        "ngram-eval": Entry(version: "3", sha256: "28be9166eb4cf6d9dc24fbaf728da872a8c0011752654b7670cf26c01ed9436d", sources: ["LadderEngines/NGramEvalEngine.swift", "LadderToyModel", "LadderCore"]),
        "pretrain": Entry(version: "1", sha256: "a23690d8cd87fa128e8faaf3a546dee140120109620adb06a0bee6407e22d960", sources: ["LadderEngines/PretrainEngine.swift", "LadderEngines/ModelEngineSupport.swift", "LadderModel", "LadderTensor", "LadderCore"]),
        "lora-train": Entry(version: "1", sha256: "195d179baa021f02e039d0bfbfc8731612983973f1ff1cc6e9f94126c0c61316", sources: ["LadderEngines/LoRATrainEngine.swift", "LadderEngines/ModelEngineSupport.swift", "LadderEngines/DatasetDirectory.swift", "LadderModel", "LadderTensor", "LadderCore"]),
        "shell": Entry(version: "3", sha256: "c20b719ae58316aba916392709f03ababf40903bbeb2f2bf139d6eef86ee3d6f", sources: ["LadderEngines/ShellEngine.swift", "LadderEngines/ExternalEngine.swift", "LadderCore"]),
    ]

    /// The entry of a built-in engine; an engine missing from the table is a programming error
    /// that the code-version test reports.
    public static func entry(_ name: String) -> Entry {
        table[name] ?? Entry(version: "unversioned", sha256: "unversioned", sources: [])
    }
}
