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
        "subset": Entry(version: "6", sha256: "0b1a335fbccdd64dd49de2b89c3a1b02d1aa494c50ec971457878ea4c7c83e2a", sources: ["LadderEngines/SubsetEngine.swift", "LadderSubset", "LadderPython", "LadderCore"]),
        "transpile": Entry(version: "5", sha256: "11d7ccde723a77783319c0c376e9ec7050d9a73be87973affd9ba2c6245385f8", sources: ["LadderEngines/TranspileEngine.swift", "LadderEngines/DatasetDirectory.swift", "LadderPython", "LadderCore"]),
        "translate": Entry(version: "5", sha256: "4dea8dd7f568e85249eb415a06e4316ff7ef5bc759edd2764d494b70353e2d4f", sources: ["LadderEngines/TranslateEngine.swift", "LadderEngines/DatasetDirectory.swift", "LadderTranslate", "LadderPython", "LadderCore"]),
        "align": Entry(version: "4", sha256: "7e48c28110f5fa47c8990c9be14691945361873fb7c2697c64d67d8871faed3e", sources: ["LadderEngines/AlignEngine.swift", "LadderEngines/DatasetDirectory.swift", "LadderCore"]),
        "import": Entry(version: "5", sha256: "09c9fb3f8736b20c8ae73fe547b66fb23eacdfecda62f5f0a0755bf03598a2d5", sources: ["LadderEngines/ImportEngine.swift", "LadderCore"]),
        "reparse": Entry(version: "10", sha256: "3c0619c60c5e95d3204f9da2855a16bf49ffdfe0d008b2434fdc7a17acd2c682", sources: ["LadderEngines/ReparseEngine.swift", "LadderEngines/ScorerCatalog.swift", "LadderScoring", "LadderCore"]),
        "analysis": Entry(version: "7", sha256: "e93df148028f3f2127a0865a4b12d7b6f8f511f93d5fd32e3e40ee91e5e625c7", sources: ["LadderEngines/AnalysisEngine.swift", "LadderEngines/ScoredOutput.swift", "LadderAnalysis", "LadderCore"]),
        "ngram-train": Entry(version: "5", sha256: "23bef3f6cb43f27f378a3e15f0e30a0d1acdb4397e04bb34599a258ff90bbb31", sources: ["LadderEngines/NGramTrainEngine.swift", "LadderEngines/DatasetDirectory.swift", "LadderToyModel", "LadderCore"]),
        "ngram-eval": Entry(version: "5", sha256: "43a3417dd06dcf9b181ba44828808ddb32b3eaf6f0cbf60377e1b465307ba835", sources: ["LadderEngines/NGramEvalEngine.swift", "LadderToyModel", "LadderCore"]),
        "pretrain": Entry(version: "8", sha256: "ee416e94b82882a9e377f4981ed180696cf2855b8f91fc5164874d8567086387", sources: ["LadderEngines/PretrainEngine.swift", "LadderEngines/ModelEngineSupport.swift", "LadderModel", "LadderTensor", "LadderCore"]),
        "lora-train": Entry(version: "8", sha256: "4b9ddf018f358200749f93c3a9588e671f1d3d1e12ce63f45c42add6353a15db", sources: ["LadderEngines/LoRATrainEngine.swift", "LadderEngines/ModelEngineSupport.swift", "LadderEngines/DatasetDirectory.swift", "LadderModel", "LadderTensor", "LadderCore"]),
        "eval": Entry(version: "3", sha256: "b60089d75930fcc2c6e3c57aefce844342050cefce390e6fa139fc7726018b99", sources: ["LadderEngines/EvalEngine.swift", "LadderEngines/TransformerEvalModel.swift", "LadderEngines/ModelEngineSupport.swift", "LadderEval", "LadderModel", "LadderTensor", "LadderCore"]),
        "shell": Entry(version: "8", sha256: "e78ece935ebe22cff294c81879a982d30a59aad6bdf4aece2386542eb35db122", sources: ["LadderEngines/ShellEngine.swift", "LadderEngines/EngineProcess.swift", "LadderCore"]),
    ]

    /// The entry of a built-in engine; an engine missing from the table is a programming error
    /// that the code-version test reports.
    public static func entry(_ name: String) -> Entry {
        table[name] ?? Entry(version: "unversioned", sha256: "unversioned", sources: [])
    }
}
