import Foundation
import LadderCore

/// Writes an evaluation's outputs in the study's layout plus ids:
/// `{benchmark}_results_{template}.json` — `{"parse_failure_rates": {},
/// "summary": {}, "<cell>": [{"example_id", "gold", "raw_output"(,
/// "option_scores")}…]}`, rows in benchmark file order — and
/// `eval_summary.json`: per-cell counts, mode, max_new_tokens, and the sha256 of
/// every template and benchmark file read. Every file goes through the shared
/// JSON writer, so the same rows give the same bytes.
public struct ResultsWriter {
    public let settings: EvalSettings

    public init(settings: EvalSettings) { self.settings = settings }

    /// The results files by name.
    public func resultsFiles(_ rows: [EvalRow]) -> [String: Value] {
        var byCell: [String: [Value]] = [:]
        for r in rows {
            var o: [String: Value] = ["example_id": .string(r.exampleID), "gold": .string(r.gold), "raw_output": .string(r.rawOutput)]
            if let s = r.optionScores { o["option_scores"] = .array(s.map(Value.double)) }
            byCell[r.cell, default: []].append(.object(o))
        }
        var files: [String: Value] = [:]
        for b in settings.matrix.benchmarks {
            for t in settings.matrix.templates {
                var doc: [String: Value] = ["parse_failure_rates": .object([:]), "summary": .object([:])]
                for cell in settings.matrix.cells where cell.benchmark == b && cell.template == t {
                    doc[cell.key] = .array(byCell[cell.key] ?? [])
                }
                files["\(b.rawValue)_results_\(t).json"] = .object(doc)
            }
        }
        return files
    }

    /// `eval_summary.json`: counts per cell and where every input came from.
    /// `provenance` adds what the caller knows (the model's and adapter's hashes).
    public func summary(_ rows: [EvalRow], templateFiles: [String: String], benchmarkFiles: [String: String],
                        provenance: [String: Value] = [:]) -> Value {
        var counts: [String: (rows: Int, hit: Int)] = [:]
        for r in rows {
            counts[r.cell, default: (0, 0)].rows += 1
            if r.hitMaxNewTokens == true { counts[r.cell, default: (0, 0)].hit += 1 }
        }
        var cells: [String: Value] = [:]
        for cell in settings.matrix.cells {
            let c = counts[cell.key] ?? (0, 0)
            var o: [String: Value] = ["rows": .int(c.rows)]
            if settings.mode == .generate { o["hit_max_new_tokens"] = .int(c.hit) }
            cells[cell.key] = .object(o)
        }
        var o: [String: Value] = [
            "mode": .string(settings.mode.rawValue), "max_new_tokens": .int(settings.maxNewTokens),
            "limit": settings.limit.map(Value.int) ?? .null, "batch_size": .int(settings.batchSize),
            "benchmarks": .array(settings.matrix.benchmarks.map { .string($0.rawValue) }),
            "templates": .array(settings.matrix.templates.map(Value.string)),
            "data_langs": .array(settings.matrix.dataLangs.map(Value.string)),
            "instr_langs": .array(settings.matrix.instrLangs.map(Value.string)),
            "cells": .object(cells), "rows": .int(rows.count),
            "template_files": .object(templateFiles.mapValues(Value.string)),
            "benchmark_files": .object(benchmarkFiles.mapValues(Value.string)),
        ]
        if settings.mode == .generate { o["hit_max_new_tokens"] = .int(rows.filter { $0.hitMaxNewTokens == true }.count) }
        if !provenance.isEmpty { o["provenance"] = .object(provenance) }
        return .object(o)
    }

    /// Writes the results files and `eval_summary.json` into `directory` (atomically, each).
    public func write(_ rows: [EvalRow], to directory: URL, templateFiles: [String: String], benchmarkFiles: [String: String],
                      provenance: [String: Value] = [:]) throws {
        for (name, doc) in resultsFiles(rows) {
            try JSONWriter.write(doc, to: directory.appendingPathComponent(name), style: .compact)
        }
        try JSONWriter.write(summary(rows, templateFiles: templateFiles, benchmarkFiles: benchmarkFiles, provenance: provenance),
                             to: directory.appendingPathComponent("eval_summary.json"))
    }
}
