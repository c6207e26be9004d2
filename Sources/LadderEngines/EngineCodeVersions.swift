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
        "subset": Entry(version: "2", sha256: "37e4f2630f01d2837bee2ab527cc0fa97480585cf5232eb5f093b120e32e7721", sources: ["LadderEngines/SubsetEngine.swift", "LadderSubset", "LadderPython", "LadderCore"]),
        "transpile": Entry(version: "2", sha256: "87aad04ce27a733b1894d2836b1f9951010ce5babfcacc50773a6f0defffcab7", sources: ["LadderEngines/TranspileEngine.swift", "LadderEngines/DatasetDirectory.swift", "LadderPython", "LadderCore"]),
        "translate": Entry(version: "0", sha256: "new", sources: ["LadderEngines/TranslateEngine.swift", "LadderEngines/DatasetDirectory.swift", "LadderTranslate", "LadderPython", "LadderCore"]),
        "align": Entry(version: "2", sha256: "00f483ed3faaa24c52153130bcf838f6427b1d6c8bdb35769214a8d8315b7505", sources: ["LadderEngines/AlignEngine.swift", "LadderEngines/DatasetDirectory.swift", "LadderCore"]),
        "import": Entry(version: "2", sha256: "fc1bb43778e0df697123afe357d452b084493082defe9f85664b818659b13dcf", sources: ["LadderEngines/ImportEngine.swift", "LadderCore"]),
        "reparse": Entry(version: "2", sha256: "4434dcff7159025a6d4738d56e68922e703f10983865cd40b5efde281b2ac250", sources: ["LadderEngines/ReparseEngine.swift", "LadderEngines/ScorerCatalog.swift", "LadderScoring", "LadderCore"]),
        "analysis": Entry(version: "2", sha256: "86b376d586b50e90f7967e91592ccb03852e5620d000487621863576f6137d72", sources: ["LadderEngines/AnalysisEngine.swift", "LadderEngines/ScoredOutput.swift", "LadderAnalysis", "LadderCore"]),
        "ngram-train": Entry(version: "2", sha256: "b2cbd42f8e7ab0f10ba715c750c55adc554d0ca8d3598b427001c94856b107f7", sources: ["LadderEngines/NGramTrainEngine.swift", "LadderEngines/DatasetDirectory.swift", "LadderToyModel", "LadderCore"]),
        "ngram-eval": Entry(version: "2", sha256: "276955ed1dd53f312c9335df40ff808519a7652fb047c02edf611725091212d5", sources: ["LadderEngines/NGramEvalEngine.swift", "LadderToyModel", "LadderCore"]),
        "shell": Entry(version: "2", sha256: "1a498f544658aeb88fcf01c3730bdbb9a84e7b6f86f88910f370040c68d9e340", sources: ["LadderEngines/ShellEngine.swift", "LadderEngines/ExternalEngine.swift", "LadderCore"]),
    ]

    /// The entry of a built-in engine; an engine missing from the table is a programming error
    /// that the code-version test reports.
    public static func entry(_ name: String) -> Entry {
        table[name] ?? Entry(version: "unversioned", sha256: "unversioned", sources: [])
    }
}
