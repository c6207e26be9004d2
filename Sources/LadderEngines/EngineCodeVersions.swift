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
        "subset": Entry(version: "5", sha256: "060b0d58445e8fd7c7d2c958c0fa6e63b96f8a726fcfedcf89009888e8923155", sources: ["LadderEngines/SubsetEngine.swift", "LadderSubset", "LadderPython", "LadderCore"]),
        "transpile": Entry(version: "4", sha256: "b41ac3ff3ffa761cf0bc3948676aa7440c8140deb91d2e4382735e3f3138839f", sources: ["LadderEngines/TranspileEngine.swift", "LadderEngines/DatasetDirectory.swift", "LadderPython", "LadderCore"]),
        "translate": Entry(version: "4", sha256: "c87477e79962b2fe45caa80caa347870021767b1eb079be10e34289ce3528837", sources: ["LadderEngines/TranslateEngine.swift", "LadderEngines/DatasetDirectory.swift", "LadderTranslate", "LadderPython", "LadderCore"]),
        "align": Entry(version: "3", sha256: "8e1fa5e3ac0b41345a7a78dbe335ba13d4e3c37c78452f744164bb37d490dd74", sources: ["LadderEngines/AlignEngine.swift", "LadderEngines/DatasetDirectory.swift", "LadderCore"]),
        "import": Entry(version: "4", sha256: "bc8e09a89afa71e6cb848fba7ee1b5595c1b6980f20817f83f3e5bda430bb8db", sources: ["LadderEngines/ImportEngine.swift", "LadderCore"]),
        "reparse": Entry(version: "9", sha256: "7d3c80af8f7f262cea808a52286459ddc08106a8078bbc2c3f5e72ad0b510257", sources: ["LadderEngines/ReparseEngine.swift", "LadderEngines/ScorerCatalog.swift", "LadderScoring", "LadderCore"]),
        "analysis": Entry(version: "6", sha256: "064e6f56a15d80374a4c9dd4c2a9b41048b549b36da2db905ba29f9883ab2eed", sources: ["LadderEngines/AnalysisEngine.swift", "LadderEngines/ScoredOutput.swift", "LadderAnalysis", "LadderCore"]),
        "ngram-train": Entry(version: "4", sha256: "df6dd570045a038234b951e3c1608eb2a1eb6346ae6e21484bff822a38b13d3b", sources: ["LadderEngines/NGramTrainEngine.swift", "LadderEngines/DatasetDirectory.swift", "LadderToyModel", "LadderCore"]),
        "ngram-eval": Entry(version: "4", sha256: "0dc655af10b7fc50da7476a566d2f0d4aa103fb2b20b9566ec0afed44fc0499f", sources: ["LadderEngines/NGramEvalEngine.swift", "LadderToyModel", "LadderCore"]),
        "pretrain": Entry(version: "7", sha256: "3086bed7b6e250f631ac190d9284755f56382080d7d3449ebdd22d7d306f5195", sources: ["LadderEngines/PretrainEngine.swift", "LadderEngines/ModelEngineSupport.swift", "LadderModel", "LadderTensor", "LadderCore"]),
        "lora-train": Entry(version: "7", sha256: "254e71e27a708a4defcd1dc09dac321bbeb8f2bfdb623d048f29ad0d18af4d48", sources: ["LadderEngines/LoRATrainEngine.swift", "LadderEngines/ModelEngineSupport.swift", "LadderEngines/DatasetDirectory.swift", "LadderModel", "LadderTensor", "LadderCore"]),
        "eval": Entry(version: "2", sha256: "7481c257b9c8152efe67ee7b1b6710b5ae82c59aa79e25445077b1af6ffc84b3", sources: ["LadderEngines/EvalEngine.swift", "LadderEngines/TransformerEvalModel.swift", "LadderEngines/ModelEngineSupport.swift", "LadderEval", "LadderModel", "LadderTensor", "LadderCore"]),
        "shell": Entry(version: "5", sha256: "31ab2374ec6669c67b6140d7880c4683d4eecadaafe57bd6f6749ecee2ef1d76", sources: ["LadderEngines/ShellEngine.swift", "LadderEngines/EngineProcess.swift", "LadderCore"]),
    ]

    /// The entry of a built-in engine; an engine missing from the table is a programming error
    /// that the code-version test reports.
    public static func entry(_ name: String) -> Entry {
        table[name] ?? Entry(version: "unversioned", sha256: "unversioned", sources: [])
    }
}
