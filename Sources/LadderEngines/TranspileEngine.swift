import Foundation
import LadderCore
import LadderPython
import LadderSpec

/// `transpile`: translates Python's reserved words in every file of a dataset
/// into one language with that language's pack; strings and comments are never
/// touched, every output round-trips to the original byte for byte, and each
/// file gets a ledger row. Params: `lang` (zh, es, ur), optional `numerals`
/// (default true), `compile_check` (default false), `max_bytes`.
public struct TranspileEngine: BuiltinEngine {
    public let name = "transpile"
    public let summary = "translate Python reserved words with a versioned language pack (round-trip checked)"
    public let parameters: [ParameterSpec] = [
        ParameterSpec("lang", .string, allowed: LanguagePack.builtinLanguages, required: true, doc: "the language pack to translate into"),
        ParameterSpec("numerals", .bool, default: .bool(true), doc: "translate digits into the language's numerals"),
        ParameterSpec("compile_check", .bool, default: .bool(false), doc: "also check that each output compiles under the pack"),
        ParameterSpec("max_bytes", .int, doc: "skip files larger than this"),
        ParameterSpec("legesher_version", .any, doc: "the Legesher release the packs follow; recorded with the step"),
    ]

    public init() {}

    private static let packs = Memo<String, LanguagePack>()

    /// The built-in pack for a language, loaded once per process.
    static func pack(_ lang: String) throws -> LanguagePack { try packs.value(lang) { try LanguagePack.builtin(lang) } }

    public func stepData(params: [String: Value], ladder: Ladder) throws -> Value? {
        guard let lang = params["lang"]?.stringValue else { return nil }
        guard LanguagePack.builtinLanguages.contains(lang) else {
            throw LadderError.badInput("transpile: no language pack for '\(lang)'; packs: \(LanguagePack.builtinLanguages.joined(separator: ", "))")
        }
        let pack = try Self.pack(lang)
        return .object(["pack": .string(pack.name), "pack_version": .string(pack.version), "pack_sha256": .string(pack.fingerprint)])
    }

    public func run(_ request: EngineRequest, context: EngineContext) throws -> EngineResult {
        guard let lang = try request.param("lang").stringValue else { throw LadderError.badInput("transpile: `lang` must be a word") }
        let pack = try Self.pack(lang)
        var options = TranspileOptions()
        if let n = request.params["numerals"]?.boolValue { options.numerals = n }
        if let c = request.params["compile_check"]?.boolValue { options.compileCheck = c }
        if let m = request.params["max_bytes"]?.intValue { options.maxBytes = m }
        let transpiler = Transpiler(pack: pack, options: options)
        guard let inPath = try request.input("files").path else { throw LadderError.badInput("transpile: input 'files' has no path") }
        let dataset = try DatasetDirectory.read(URL(fileURLWithPath: inPath))
        let out = URL(fileURLWithPath: request.outputDir)
        var rows: [[String: Value]] = []
        var ledger: [Value] = []
        var items: [ItemRecord] = []
        var counts: [String: Int] = [:]
        for row in dataset.rows {
            try context.checkCancelled()
            let path = row["file_path"]?.stringValue ?? ""
            let outcome = transpiler.transpile(source: try dataset.content(of: row), path: path)
            let r = outcome.row
            counts[r.status.rawValue, default: 0] += 1
            let rowJSON = try ValueEncoder().encode(r)
            ledger.append(rowJSON)
            if let bytes = outcome.output, r.status == .ok {
                let (filename, sha) = try DatasetDirectory.writeFile(bytes, into: out)
                var newRow = row
                newRow["source_sha256"] = row["sha256"]
                newRow["sha256"] = .string(sha)
                newRow["filename"] = .string(filename)
                newRow["lang"] = .string(lang)
                rows.append(newRow)
            }
            items.append(ItemRecord(id: path, status: r.status == .ok ? "ok" : (r.status.rawValue == "skipped" ? "skipped" : "failed"),
                                    error: r.reason, extra: rowJSON))
        }
        try DatasetDirectory.writeManifest(rows, into: out)
        try JSONWriter.writeLines(ledger, to: out.appendingPathComponent("ledger.jsonl"))
        try JSONWriter.write(["name": pack.name, "language": pack.language, "version": pack.version, "sha256": pack.fingerprint],
                             to: out.appendingPathComponent("pack.json"))
        context.log("transpiled \(counts["ok", default: 0]) of \(dataset.rows.count) files into \(lang) (pack \(pack.version))")
        var metrics: [String: Value] = ["files": .int(dataset.rows.count)]
        for (k, v) in counts { metrics["files_\(k)"] = .int(v) }
        return EngineResult(metrics: metrics, items: items)
    }
}
