import Foundation
import LadderCore
import LadderEngines
import LadderPlan
import LadderSpec
import Testing

/// Mistakes that used to pass `validate` and fail (or silently cost compute) at run
/// time: each is now a located error from planning, with exit code 2.
struct ValidationTests {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("validate-\(UUID().uuidString)")

    /// Writes the ladder (and `files`, path → content) and plans it with the real engines.
    func plan(_ yaml: String, files: [String: String] = ["corpus.jsonl": "{}\n"], checkFiles: Bool = true) throws -> Plan {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (p, text) in files {
            let u = dir.appendingPathComponent(p)
            try FileManager.default.createDirectory(at: u.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: u, atomically: true, encoding: .utf8)
        }
        let path = dir.appendingPathComponent("l.yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return try LadderLoader().plan(path, checkFiles: checkFiles)
    }

    /// The error message with the temporary directory replaced by `DIR`.
    func error(_ yaml: String, files: [String: String] = ["corpus.jsonl": "{}\n"]) -> String? {
        do {
            _ = try plan(yaml, files: files)
            return nil
        } catch let e as LadderError {
            #expect(e.exitCode == 2)
            return e.description.replacingOccurrences(of: dir.path, with: "DIR")
        } catch {
            return "unexpected: \(error)"
        }
    }

    static func ladder(subset: String = "size: 3, seed: 1", train: String = "seed: \"${seed}\"",
                       analysis: String = "baseline: baseline", sources: String = "corpus: {path: corpus.jsonl}",
                       extra: String = "") -> String {
        """
        ladder: t
        axes: {seed: [1, 2]}
        sources: {\(sources)}
        steps:
          subset: {engine: subset, inputs: {corpus: source.corpus}, params: {\(subset)}}
          train: {engine: ngram-train, inputs: {data: previous}, params: {\(train)}}
          reparse: {engine: reparse, inputs: {results: train}, params: {scorer: strict-v1}}
          analysis: {engine: analysis, inputs: {scored: all.reparse}, params: {\(analysis)}}
        conditions:
          baseline: {cells: {seed: [1]}, pipeline: [subset, train, reparse]}
          c1: {cells: {seed: [1, 2]}, pipeline: [subset, train, reparse]\(extra)}
          analysis: {pipeline: [analysis]}
        """
    }

    @Test func aWellFormedLadderPlans() throws {
        #expect(try plan(Self.ladder()).steps.count == 6)
    }

    @Test func aParameterOfTheWrongTypeIsALocatedErrorNamingTheKey() {
        let e = error(Self.ladder(subset: "size: 3, seed: 1, validation: [0.1]"))
        #expect(e?.hasPrefix("DIR/l.yaml:5:100: error: parameter 'validation' of engine 'subset' must be a number, found a list ([0.1])") == true, "\(e ?? "")")
    }

    @Test func anUnknownParameterGetsTheClosestKnownName() {
        let e = error(Self.ladder(train: "seed: \"${seed}\", oder: 5"))
        #expect(e?.hasPrefix("DIR/l.yaml:6:90: error: engine 'ngram-train' has no parameter 'oder'") == true, "\(e ?? "")")
        #expect(e?.contains("hint: did you mean 'order'?") == true)
    }

    @Test func aMisspeltBaselineIsCaughtBeforeAnythingRuns() {
        let e = error(Self.ladder(analysis: "baseline: basline"))
        #expect(e?.hasPrefix("DIR/l.yaml:8:82: error: parameter 'baseline' of engine 'analysis' names condition 'basline', which the ladder does not have") == true, "\(e ?? "")")
        #expect(e?.contains("did you mean 'baseline'?") == true)
    }

    @Test func aMisspeltScorerIsCaught() {
        let yaml = Self.ladder().replacingOccurrences(of: "scorer: strict-v1", with: "scorer: strict-v2")
        let e = error(yaml)
        #expect(e?.contains("error: parameter 'scorer' of engine 'reparse' names scorer 'strict-v2', which the ladder does not have") == true, "\(e ?? "")")
    }

    @Test func aValueOutsideTheAllowedOnesIsCaught() {
        let e = error(Self.ladder(subset: "size: 3, seed: 1, algorithm: reservoir"))
        #expect(e?.contains("error: parameter 'algorithm' of engine 'subset' cannot be 'reservoir'") == true, "\(e ?? "")")
        #expect(e?.contains("allowed: cpython-random-sample") == true)
    }

    @Test func aMissingRequiredParameterIsCaught() {
        let e = error(Self.ladder(subset: "seed: 1"))
        #expect(e?.contains("error: engine 'subset' needs parameter 'size'") == true, "\(e ?? "")")
    }

    @Test func aBadCombinationOfParametersIsCaughtInTheLaddersWords() {
        let e = error(Self.ladder(subset: "size: 3, seed: 1, filters: {min_stars: many}"))
        #expect(e?.contains("error: subset: `filters.min_stars` must be a whole number") == true, "\(e ?? "")")
        let nested = error(Self.ladder(subset: "size: 3, seed: 1, nested: [5, 10]"))
        #expect(nested?.contains("do not include this subset's size 3") == true, "\(nested ?? "")")
    }

    @Test func anOverrideOfAStepOutsideThePipelineIsCaught() {
        let e = error(Self.ladder(extra: ", overrides: {analysis: {params: {noise_floor: 0.1}}}"))
        #expect(e?.contains("error: `overrides:` of condition 'c1' changes step 'analysis', which is not in its pipeline") == true, "\(e ?? "")")
        let rule = error(Self.ladder(extra: ", where: [{match: {seed: [1]}, analysis: {params: {noise_floor: 0.1}}}]"))
        #expect(rule?.contains("error: a `where:` rule of condition 'c1' changes step 'analysis', which is not in its pipeline") == true, "\(rule ?? "")")
    }

    @Test func everyMissingFileIsReportedAtOnceWithItsLocation() {
        let yaml = Self.ladder(sources: "corpus: {path: data/missing.jsonl}, other: {path: data/also-missing/}")
            .replacingOccurrences(of: "steps:", with: "engines:\n  ext: {run: [sh, scripts/gone.sh]}\nsteps:")
        let e = error(yaml, files: [:])
        let lines = e?.split(separator: "\n").filter { $0.contains(": error: ") }.map(String.init) ?? []
        #expect(lines == [
            "DIR/l.yaml:3:11: error: source 'corpus' names data/missing.jsonl, which does not exist (looked at DIR/data/missing.jsonl)",
            "DIR/l.yaml:3:47: error: source 'other' names data/also-missing/, which does not exist (looked at DIR/data/also-missing/)",
            "DIR/l.yaml:5:3: error: engine 'ext' runs 'scripts/gone.sh', which does not exist (looked at DIR/scripts/gone.sh)",
        ], "\(e ?? "")")
        #expect(e?.hasSuffix("3 problems") == true)
    }

    @Test func offlinePlanningSkipsFileChecks() throws {
        let yaml = Self.ladder(sources: "corpus: {path: data/missing.jsonl}")
        #expect(try plan(yaml, files: [:], checkFiles: false).steps.count == 6)
    }

    @Test func aPinThatDoesNotMatchTheFileIsAnError() {
        let pinned = Self.ladder(sources: "corpus: {path: corpus.jsonl, sha256: \(String(repeating: "0", count: 64))}")
        let e = error(pinned)
        #expect(e?.contains("error: source 'corpus' is pinned to sha256 \(String(repeating: "0", count: 64)), but corpus.jsonl hashes to \(SHA256.hex("{}\n"))") == true, "\(e ?? "")")
    }

    @Test func aPinThatIsNotAHashIsAnError() {
        let e = error(Self.ladder(sources: "corpus: {path: corpus.jsonl, sha256: abc}"))
        #expect(e?.contains("error: sha256 must be 64 hexadecimal digits, found 'abc'") == true, "\(e ?? "")")
    }

    @Test func aMatchingPinPlansAndAModelSourceNeedsNoFile() throws {
        let pinned = Self.ladder(sources: "corpus: {path: corpus.jsonl, sha256: \(SHA256.hex("{}\n"))}, base: {model: Org/model-1}")
        #expect(try plan(pinned).steps.count == 6)
    }

    @Test func externalEnginesDeclaringASchemaAreCheckedTheSameWay() {
        let yaml = """
        ladder: t
        axes: {seed: [1]}
        engines:
          train: {run: [sh, train.sh], params_schema: {lr: number, target_modules: "list[string]", optimizer: {type: string, allowed: [adamw, sgd]}}}
        steps:
          train: {engine: train, params: {lr: 2e-4, target_modules: [q_proj], optimizer: adam}}
        conditions:
          c: {pipeline: [train]}
        """
        let e = error(yaml, files: ["train.sh": "exit 0\n"])
        #expect(e?.contains("error: parameter 'optimizer' of engine 'train' cannot be 'adam'") == true, "\(e ?? "")")
        let typo = error(yaml.replacingOccurrences(of: "optimizer: adam}", with: "optimizer: sgd, lr_sched: cosine}"), files: ["train.sh": "exit 0\n"])
        #expect(typo?.contains("error: engine 'train' has no parameter 'lr_sched'") == true, "\(typo ?? "")")
    }

    @Test func anExternalEnginesScriptEntersItsFingerprintWithoutFilesListed() throws {
        let yaml = """
        ladder: t
        axes: {seed: [1]}
        engines:
          train: {run: [sh, train.sh]}
        steps:
          train: {engine: train, params: {lr: 1}}
        conditions:
          c: {pipeline: [train]}
        """
        let a = try plan(yaml, files: ["train.sh": "exit 0\n"]).steps[0].key
        let b = try plan(yaml, files: ["train.sh": "exit 1\n"]).steps[0].key
        #expect(a != b)
        let optOut = yaml.replacingOccurrences(of: "run: [sh, train.sh]}", with: "run: [sh, train.sh], hash_run: false}")
        let c = try plan(optOut, files: ["train.sh": "exit 0\n"]).steps[0].key
        let d = try plan(optOut, files: ["train.sh": "exit 1\n"]).steps[0].key
        #expect(c == d)
    }
}
