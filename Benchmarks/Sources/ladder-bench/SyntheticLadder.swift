import Foundation
import LadderPlan

/// A ladder of the Language, Decoded Phase 3 shape (ladders/language-decoded-phase3.yaml),
/// scaled up: more languages, more seeds and several copies of condition 2 that
/// differ only in a training setting, so planning sees realistic sharing (one
/// subset per tier for every condition, one transpile per language and tier for
/// every copy) at any size.
///
/// Per condition cell: subset → transpile → train → eval → reparse × 2 scorers;
/// the 20k tier trains only the first half of the seeds, as the study does.
struct SyntheticLadder {
    /// Trained languages besides English.
    var languages: Int
    var seeds: Int
    /// Copies of condition 2, each with its own `lr_scale`.
    var variants: Int
    /// Engines: built-in names for planning only, or one external script so the ladder really runs.
    var engines = EngineMode.planning

    enum EngineMode {
        /// Study engine names resolved by `SyntheticLadder.catalog`; nothing can run.
        case planning
        /// Every engine is `run: [sh, SCRIPT]` (relative to the ladder) with no resource
        /// needs; sources are the files `writeSources(to:)` creates next to the ladder.
        case external(script: String)
    }

    /// The study's engine names, as a planning-only catalogue.
    static let engineNames = ["subset", "transpile", "train", "eval", "reparse", "analysis"]
    static let catalog = StaticEngineCatalog(builtinNames: engineNames)

    /// ISO codes for the trained languages; beyond these, synthetic `x###` labels.
    static let languageCodes = ["zh", "es", "ur", "hi", "ar", "bn", "fr", "de", "ja", "ko", "pt", "ru", "sw", "ta",
                                "te", "tr", "vi", "id", "fa", "pl", "uk", "it", "nl", "th", "he", "el", "cs", "ro",
                                "hu", "sv", "fi", "da", "nb", "ms", "tl", "yo", "ha", "am", "ne", "si"]

    var languageLabels: [String] {
        (0..<languages).map { $0 < Self.languageCodes.count ? Self.languageCodes[$0] : String(format: "x%03d", $0) }
    }

    var seedValues: [Int] {
        let study = [42, 123, 456]
        return (0..<seeds).map { $0 < study.count ? study[$0] : 1_000 + $0 }
    }

    /// Seeds trained at the 20k tier (the first half, at least one).
    var largeTierSeeds: [Int] { Array(seedValues.prefix(max(1, seeds / 2))) }

    /// Cells of one (condition, language): all seeds at 5k plus the 20k seeds.
    private var cellsPerLanguage: Int { seeds + largeTierSeeds.count }

    /// Steps the plan should hold once shared steps are merged: 2 subsets,
    /// baseline eval + 2 reparses, condition 1 (4 steps a cell), one transpile per
    /// (language, tier), 4 steps per cell of each copy of condition 2, analysis.
    var expectedSteps: Int {
        2 + 3 + 4 * cellsPerLanguage + 2 * languages + variants * languages * 4 * cellsPerLanguage + 1
    }

    /// The shape closest to `target` steps for a given language and seed count.
    static func sized(near target: Int, languages: Int, seeds: Int) -> SyntheticLadder {
        var l = SyntheticLadder(languages: languages, seeds: seeds, variants: 1)
        let perVariant = languages * 4 * l.cellsPerLanguage
        let fixed = l.expectedSteps - perVariant
        l.variants = max(1, Int((Double(target - fixed) / Double(perVariant)).rounded()))
        return l
    }

    /// The three sizes the benchmarks use (about 1k, 10k and 100k steps).
    static let small = sized(near: 1_000, languages: 7, seeds: 4)
    static let medium = sized(near: 10_000, languages: 16, seeds: 6)
    static let large = sized(near: 100_000, languages: 40, seeds: 10)

    /// The ladder's YAML text.
    func yaml() -> String {
        let langs = languageLabels
        let allLangs = "[en, \(langs.joined(separator: ", "))]"
        let tiers = "{5k: {seed: \(list(seedValues))}, 20k: {seed: \(list(largeTierSeeds))}}"
        var y = """
        # Synthetic ladder of the Language, Decoded Phase 3 shape, written by ladder-bench.
        # \(languages) languages + en, \(seeds) seeds, \(variants) copies of condition 2: \(expectedSteps) steps expected.
        ladder: synthetic-language-decoded
        phase: bench
        base_model: {id: CohereLabs/tiny-aya-base, name: tiny-aya-base}

        axes:
          lang: \(allLangs)
          tier: {5k: 5000, 20k: 20000}
          seed: \(list(seedValues))

        sources:
          stack-v2: {corpus: bigcode/the-stack-v2-dedup, \(source(0))}
          benchmarks: {description: "XNLI, X-CSQA, SIB-200 and Belebele test sets", \(source(1))}
          tiny-aya-base: {model: CohereLabs/tiny-aya-base, \(source(2))}

        engines:
          subset: \(engine("subset", settings: ""))
          transpile: \(engine("transpile", settings: "legesher_version: 0.7.3"))
          train: \(engine("train", settings: "config: qlora-tiny-aya, lora_r: 16, lora_alpha: 32, lr: 2.0e-4, epochs: 1",
                          resources: "{cpus: 4, gpus: 1, memory: 16G, time: 6h}"))
          eval: \(engine("eval", settings: "", resources: "{cpus: 4, gpus: 1, memory: 16G, time: 4h}"))
          reparse: \(engine("reparse", settings: ""))
          analysis: \(engine("analysis", settings: ""))

        steps:
          subset:
            engine: subset
            inputs: {corpus: source.stack-v2}
            params: {size: "${tier.value}", seed: 42, algorithm: cpython-random-sample, nested: [5000, 20000], validation: 0.1}
          transpile:
            engine: transpile
            inputs: {files: previous}
            params: {lang: "${lang}"}
          train:
            engine: train
            inputs: {data: previous, base: source.tiny-aya-base}
            params: {seed: "${seed}", adapter_name: "${name}-seed${seed}"}
          eval:
            engine: eval
            inputs: {model: train, benchmarks: source.benchmarks}
            params:
              benchmarks: [xnli, xcsqa, sib200, belebele]
              templates: [template1, template2]
              data_langs: [en, zh, es, ur]
              instr_langs: [en, "${lang}"]
          reparse:
            engine: reparse
            for_each: {scorer: [strict-v1, refined-v1]}
            inputs: {results: eval}
            params: {scorer: "${scorer}"}
          analysis:
            engine: analysis
            inputs: {scored: all.reparse}
            params: {baseline: baseline, noise_floor: 0.01, significance: {test: mcnemar, correction: holm}}

        naming:
          name: "${condition}-${lang}-${tier}"

        conditions:
          baseline:
            name: baseline
            pipeline:
              - eval: {inputs: {model: source.tiny-aya-base}, params: {instr_langs: \(allLangs)}}
              - reparse
            paths: {eval-session: bench/baseline/}
          condition-1:
            cells: {lang: [en], tier: \(tiers)}
            pipeline: [subset, train, eval, reparse]
            overrides:
              eval: {params: {instr_langs: \(allLangs)}}

        """
        for k in 1...variants {
            y += """
              condition-2-v\(k):
                cells: {lang: [\(langs.joined(separator: ", "))], tier: \(tiers)}
                pipeline: [subset, transpile, train, eval, reparse]
                overrides:
                  train: {params: {lr_scale: \(k)}}

            """
        }
        y += """
          analysis:
            pipeline: [analysis]

        paths:
          adapter: {of: train, path: "${base_model.name}/${name}-seed${seed}"}
          dataset: {of: train.data, path: "${condition}-${lang}-${tier}"}
          eval-session: {of: eval, path: "bench/conditions/${condition}-${lang}-${tier}/seed${seed}/"}

        """
        return y
    }

    private func list(_ xs: [Int]) -> String { "[\(xs.map(String.init).joined(separator: ", "))]" }

    /// Planning declares hashes so no file is read; the external variant points at real files.
    private func source(_ i: Int) -> String {
        switch engines {
        case .planning: return "sha256: \(String(repeating: String(i), count: 64))"
        case .external: return "path: \(Self.sourceFiles[i])"
        }
    }

    /// One engine declaration: a study name for planning, or the external script.
    private func engine(_ name: String, settings: String, resources: String? = nil) -> String {
        switch engines {
        case .planning:
            var parts = ["use: \(name)"]
            if !settings.isEmpty { parts.append("settings: {\(settings)}") }
            if let resources { parts.append("resources: \(resources)") }
            return "{\(parts.joined(separator: ", "))}"
        case .external(let script):
            return "{run: [sh, \(script)], version: \"1\"\(settings.isEmpty ? "" : ", settings: {\(settings)}")}"
        }
    }

    /// Source files the external variant reads (paths relative to the ladder's directory).
    static let sourceFiles = ["data/stack-v2-python.jsonl", "data/benchmarks.jsonl", "data/tiny-aya-base.txt"]

    /// Creates the small files the external variant's sources point at.
    static func writeSources(to directory: URL) throws {
        for f in sourceFiles {
            let url = directory.appendingPathComponent(f)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("synthetic \(f)\n".utf8).write(to: url)
        }
    }
}
