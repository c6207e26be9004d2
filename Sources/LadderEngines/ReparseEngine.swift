import Foundation
import LadderCore
import LadderScoring
import LadderSpec

/// `reparse`: scores stored raw generations with one named, versioned scorer —
/// never re-generating. Input `results`: a directory of study-format
/// `*_results_{template}.json` files (an eval or import step's output). Output,
/// per file: the study-schema `*_summary_reparsed_{template}.json` and
/// `<file stem>.rows.jsonl` (cell, index, example_id where the results row
/// carries one, pred, gold, correct, match_via);
/// plus `scored.json` naming the scorer and its fingerprint. Param: `scorer`.
public struct ReparseEngine: BuiltinEngine {
    public let name = "reparse"
    public let summary = "score stored raw outputs with a named, versioned scorer (strict-v1, refined-v1, or one the ladder declares)"
    public let parameters: [ParameterSpec] = [
        ParameterSpec("scorer", .string, names: .scorer, required: true, doc: "a built-in scorer or one under `scorers:`"),
    ]

    public init() {}

    private static let stepDataMemo = Memo<String, Value>()

    public func stepData(params: [String: Value], ladder: Ladder) throws -> Value? {
        guard let scorer = params["scorer"]?.stringValue else {
            throw LadderError.badInput("reparse needs `scorer` (e.g. strict-v1)")
        }
        let all = ScorerCatalog.declarations(of: ladder)
        let memoKey = ([scorer] + all.flatMap { [$0.name, $0.json] }).joined(separator: "\u{0}")
        return try Self.stepDataMemo.value(memoKey) {
            let decls = ScorerCatalog.declarations(all, neededBy: scorer)
            let s = try ScorerCatalog.registry(declarations: decls).scorer(named: scorer)
            return .object(["scorer": .string(scorer), "fingerprint": .string(s.fingerprint),
                            "declarations": .array(decls.map { .array([.string($0.name), .string($0.json)]) })])
        }
    }

    public func run(_ request: EngineRequest, context: EngineContext) throws -> EngineResult {
        guard let name = try request.param("scorer").stringValue else { throw LadderError.badInput("reparse: `scorer` must be a name") }
        let decls: [(name: String, json: String)] = (request.engineData?["declarations"]?.arrayValue ?? []).compactMap { d in
            guard let pair = d.arrayValue, pair.count == 2, let n = pair[0].stringValue, let j = pair[1].stringValue else { return nil }
            return (n, j)
        }
        let scorer = try ScorerCatalog.registry(declarations: decls).scorer(named: name)
        let reparser = try Reparser(scorers: [scorer])
        guard let dir = try request.input("results").path else { throw LadderError.badInput("reparse: input 'results' has no path") }
        let dirURL = URL(fileURLWithPath: dir)
        let importedNothing = FileManager.default.fileExists(atPath: dirURL.appendingPathComponent("import.json").path)
        let files = try Self.resultsFiles(in: dirURL, allowNone: importedNothing)
        let out = URL(fileURLWithPath: request.outputDir)
        var items: [ItemRecord] = []
        var listing: [Value] = []
        var rows = 0
        for file in files {
            try context.checkCancelled()
            let stem = file.deletingPathExtension().lastPathComponent
            let rowsURL = out.appendingPathComponent("\(stem).rows.jsonl")
            // No `reparsed_at`: a step's output is a function of its request; when it ran is in its attempt record.
            let report = try reparser.reparse(resultsFile: file, outputDirectory: out, rowsOutput: rowsURL, reparsedAt: nil)
            rows += report.rowCount
            let outcome = report.scorers[0]
            listing.append(.object(["results": .string(file.lastPathComponent), "summary": .string(outcome.summaryFile.lastPathComponent),
                                    "rows": .string(rowsURL.lastPathComponent), "row_count": .int(report.rowCount),
                                    "cells_changed": .int(outcome.cellsChanged)]))
            items.append(ItemRecord(id: file.lastPathComponent, status: "ok",
                                    extra: .object(["rows": .int(report.rowCount), "cells_changed": .int(outcome.cellsChanged)])))
            context.log("\(file.lastPathComponent): \(report.rowCount) rows, \(outcome.cellsChanged) cells changed under \(name)")
        }
        let meta = Value.object(["scorer": .string(name), "fingerprint": .string(scorer.fingerprint),
                                 "files": .array(listing)])
        try JSONWriter.write(meta, to: out.appendingPathComponent("scored.json"))
        return EngineResult(metrics: ["rows": .int(rows), "files": .int(files.count)], items: items)
    }

    /// The `*_results_*.json` files of a directory (top level), sorted; none is an error.
    static func resultsFiles(in dir: URL, allowNone: Bool = false) throws -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        let files = names.filter { $0.hasSuffix(".json") && $0.contains("results_") && !$0.contains("_summary_") }
            .sorted(by: Value.byteOrder).map { dir.appendingPathComponent($0) }
        guard !files.isEmpty || allowNone else {
            throw LadderError.badInput("reparse: \(dir.path) holds no *_results_{template}.json file")
        }
        return files
    }
}
