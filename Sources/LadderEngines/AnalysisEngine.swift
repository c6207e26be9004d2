import Foundation
import LadderAnalysis
import LadderCore
import LadderSpec

/// `analysis`: cells, seed-collapsed cells, versus baseline, aggregates at the
/// conclusion grains, paired significance, gaps, and conclusion flips between
/// every pair of scorers — all computed from the stored scored rows of every
/// reparse step it reads (`scored: all.reparse`). Each table is written as
/// TSV and JSON with its grain and scorers in the header. Params: `baseline`,
/// `noise_floor`, `significance: {test, correction, alpha, exact_below}`,
/// `bootstrap: {resamples, seed, confidence}`.
public struct AnalysisEngine: BuiltinEngine {
    public let name = "analysis"
    public let summary = "cells, versus baseline, flips and significance from stored scored rows"
    public let parameters: [ParameterSpec] = [
        ParameterSpec("baseline", .string, names: .condition, doc: "the condition every other is compared with"),
        ParameterSpec("noise_floor", .number, doc: "differences below this are ties"),
        ParameterSpec("significance", .object, doc: "{test: mcnemar|..., correction: holm|..., alpha, exact_below}"),
        ParameterSpec("bootstrap", .object, doc: "{resamples, seed, confidence}"),
    ]

    public func check(params: [String: Value]) throws { _ = try Self.config(params) }

    public init() {}

    public static func config(_ p: [String: Value]) throws -> AnalysisConfig {
        var c = AnalysisConfig()
        if let b = p["baseline"]?.stringValue { c.baseline = b }
        if let f = p["noise_floor"]?.doubleValue { c.noiseFloor = f }
        if let s = p["significance"] {
            if let t = s["test"]?.stringValue {
                guard let v = AnalysisConfig.Test(rawValue: t) else { throw LadderError.badInput("analysis: unknown significance test '\(t)'") }
                c.test = v
            }
            if let t = s["correction"]?.stringValue {
                guard let v = AnalysisConfig.Correction(rawValue: t) else {
                    throw LadderError.badInput("analysis: unknown correction '\(t)'; use \(AnalysisConfig.Correction.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                c.correction = v
            }
            if let a = s["alpha"]?.doubleValue { c.alpha = a }
            if let e = s["exact_below"]?.intValue { c.exactBelow = e }
        }
        if let b = p["bootstrap"] {
            if let r = b["resamples"]?.intValue { c.bootstrapResamples = r }
            if let s = b["seed"]?.intValue { c.bootstrapSeed = UInt64(truncatingIfNeeded: s) }
            if let l = b["confidence"]?.doubleValue { c.confidenceLevel = l }
        }
        do { try c.validate() } catch { throw LadderError.badInput("\(error)") }
        return c
    }

    public func run(_ request: EngineRequest, context: EngineContext) throws -> EngineResult {
        let config = try Self.config(request.params)
        let input = try request.input("scored")
        var observations: [ScoredObservation] = []
        for (i, path) in input.paths.enumerated() {
            try context.checkCancelled()
            let users = ScoredOutput.users(input.users.flatMap { i < $0.count ? $0[i] : nil })
            observations += try ScoredOutput.observations(in: URL(fileURLWithPath: path), users: users,
                                                         stepKey: i < input.hashes.count ? input.hashes[i] : "")
        }
        let expected = Self.expectedFromSiblings(observations, users: input.users ?? [])
        let result: AnalysisResult
        do {
            result = try Analysis.run(AnalysisInput(observations: observations, expected: expected), config: config)
        } catch {
            throw LadderError.badInput("analysis: \(error)")
        }
        try context.checkCancelled()
        let out = URL(fileURLWithPath: request.outputDir)
        for table in result.allTables() {
            try AtomicFile.write(table.tsv(), to: out.appendingPathComponent("\(table.name).tsv"))
            try AtomicFile.write(table.json(), to: out.appendingPathComponent("\(table.name).json"))
        }
        let scorers = Array(Set(observations.map(\.scorer))).sorted()
        var flips = 0
        for (a, b) in zip(scorers, scorers.dropFirst()) {
            for comparison in ConclusionFlips.betweenScorers(result, a, b) {
                flips += comparison.flips.count
                let t = comparison.table()
                try AtomicFile.write(t.tsv(), to: out.appendingPathComponent("flips-\(a)-vs-\(b)-\(comparison.grain.rawValue).tsv"))
            }
        }
        context.log("analysed \(observations.count) observations, \(result.gaps.count) gaps, \(flips) flips between scorers; paired tests by \(result.pairingSummary)")
        return EngineResult(metrics: ["observations": .int(observations.count), "gaps": .int(result.gaps.count),
                                      "scorer_flips": .int(flips)])
    }

    /// A seed of a condition that read no rows at all is expected to have the cells its sibling seeds have.
    public static func expectedFromSiblings(_ obs: [ScoredObservation], users: [Value]) -> [ObservationKey] {
        var seen: Set<String> = []
        for o in obs { seen.insert("\(o.key.condition)\u{0}\(o.key.seed ?? "")") }
        var out: [ObservationKey] = []
        for u in users.flatMap({ ScoredOutput.users($0) }) where !seen.contains("\(u.condition)\u{0}\(u.seed ?? "")") {
            for o in obs where o.key.condition == u.condition {
                let k = ObservationKey(condition: u.condition, seed: u.seed, template: o.key.template, benchmark: o.key.benchmark,
                                       dataLang: o.key.dataLang, instrLang: o.key.instrLang)
                if !out.contains(k) { out.append(k) }
            }
        }
        return out
    }
}
