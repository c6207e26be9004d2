import Foundation
import LadderCore
import LadderPython
import LadderSpec
import LadderTranslate

/// `translate`: translates what the language pack leaves in English —
/// identifiers, comments, docstrings, string literals — through a chat
/// provider (Cohere v2, any OpenAI-compatible endpoint) or the offline
/// glossary, with a ledger row per file, pacing, retries, breakers and
/// resumable calls. Input `files`: a dataset directory (transpile's output);
/// optional input `only`: an allowlist (`items_of`). The domain logic is in
/// LadderTranslate; docs/translate.md describes the whole contract.
public struct TranslateEngine: BuiltinEngine {
    public let name = "translate"
    public let summary = "translate identifiers, comments and strings with an LLM (cohere, openai-compatible) or a glossary; ledgers, rate limits, breakers, resume"
    public let parameters: [ParameterSpec] = [
        ParameterSpec("lang", .string, allowed: LanguagePack.builtinLanguages, required: true, doc: "the language to translate into (its pack's words are kept)"),
        ParameterSpec("provider", .string, allowed: TranslateProvider.allCases.map(\.rawValue), required: true,
                      doc: "cohere (v2 chat), openai (any OpenAI-compatible chat completions endpoint) or glossary (offline)"),
        ParameterSpec("mode", .string, default: .string("segments"), allowed: TranslateSettings.Mode.allCases.map(\.rawValue),
                      doc: "segments: identifiers, comments, docstrings and strings in batched calls; whole-file: one call per file"),
        ParameterSpec("model", .string, doc: "the model name the provider knows (required for cohere and openai)"),
        ParameterSpec("endpoint", .string, doc: "the chat URL (default: the provider's public endpoint)"),
        ParameterSpec("api_key_env", .string, doc: "the environment variable holding the API key (default COHERE_API_KEY / OPENAI_API_KEY; \"\" for none); its value is never stored"),
        ParameterSpec("prompt_template", .string, default: .string(TranslateSettings.defaultPromptTemplate),
                      doc: "builtin:NAME or a prompt template file relative to the ladder; its hash enters the key"),
        ParameterSpec("glossary", .string, doc: "a glossary file relative to the ladder (required for provider glossary); its hash enters the key"),
        ParameterSpec("temperature", .number, default: .double(0.3), doc: "sampling temperature"),
        ParameterSpec("top_p", .number, doc: "nucleus sampling (cohere: p)"),
        ParameterSpec("top_k", .int, doc: "top-k sampling (cohere: k; accepted by vLLM and llama.cpp)"),
        ParameterSpec("max_tokens", .int, default: .int(4096), doc: "the most tokens one answer may have"),
        ParameterSpec("sampling_seed", .int, doc: "the provider's sampling seed"),
        ParameterSpec("requests_per_minute", .number, default: .int(60), doc: "calls started per minute, evenly spaced"),
        ParameterSpec("tokens_per_minute", .number, doc: "tokens per sliding minute (estimated before a call, corrected after)"),
        ParameterSpec("concurrency", .int, default: .int(1), doc: "files translated at once"),
        ParameterSpec("timeout_seconds", .number, default: .int(120), doc: "one HTTP request's limit"),
        ParameterSpec("max_retries", .int, default: .int(5), doc: "retries of one call after 429, 5xx, time-outs, broken connections, malformed bodies"),
        ParameterSpec("backoff_seconds", .number, default: .int(2), doc: "first back-off (doubles per retry, at most 60 s) when no Retry-After is given"),
        ParameterSpec("item_attempts", .int, default: .int(2), doc: "tries of one batch whose answer is rejected (not a list of the right length, cut off)"),
        ParameterSpec("max_wall_seconds", .number, doc: "wall-time breaker for one attempt (exit status 76)"),
        ParameterSpec("budget_usd", .number, doc: "spend breaker: the most one `ladder run` may spend on the step, its retries included (exit status 77)"),
        ParameterSpec("price_input_per_million", .number, default: .int(0), doc: "USD per million input tokens, for cost estimates"),
        ParameterSpec("price_output_per_million", .number, default: .int(0), doc: "USD per million output tokens, for cost estimates"),
        ParameterSpec("batch_segments", .int, default: .int(40), doc: "segments per call at most"),
        ParameterSpec("batch_chars", .int, default: .int(6000), doc: "characters of segments per call at most"),
        ParameterSpec("on_invalid", .string, default: .string("exclude"), allowed: TranslateSettings.InvalidPolicy.allCases.map(\.rawValue),
                      doc: "a translation that fails validation: exclude it from the dataset (ledger failed) or keep it"),
        ParameterSpec("on_transient", .string, default: .string("fail"), allowed: TranslateSettings.TransientPolicy.allCases.map(\.rawValue),
                      doc: "items still failing for transient reasons: fail the step with exit status 75 (resume redoes them) or accept"),
        ParameterSpec("compile_check", .string, default: .string("auto"), allowed: TranslateSettings.CompileCheck.allCases.map(\.rawValue),
                      doc: "compile each translation (reversed to English) with python3: auto (when available), required, off"),
        ParameterSpec("numerals", .bool, default: .bool(true), doc: "the transpile step's numerals setting (read back when validating)"),
        ParameterSpec("time_scale", .number, default: .int(1), doc: "multiplies every wait (pacing, back-off, Retry-After); for tests"),
        ParameterSpec("max_bytes", .int, default: .int(1 << 20), doc: "skip files larger than this"),
    ]

    public init() {}

    public func check(params: [String: Value]) throws {
        _ = try TranslateSettings(params: params)
    }

    public func stepData(params: [String: Value], ladder: Ladder) throws -> Value? {
        let settings = try TranslateSettings(params: params)
        return try TranslateResources(settings: settings, ladderDirectory: ladder.directory).identity
    }

    public func run(_ request: EngineRequest, context: EngineContext) throws -> EngineResult {
        let settings = try TranslateSettings(params: request.params)
        guard let inPath = try request.input("files").path else { throw LadderError.badInput("translate: input 'files' has no path") }
        let dataset = try DatasetDirectory.read(URL(fileURLWithPath: inPath))
        let allowed: Set<String>? = request.inputs["only"].map { Set($0.items ?? []) }
        var items: [TranslateItem] = []
        var seen: Set<String> = []
        for row in dataset.rows {
            let id = row["file_path"]?.stringValue ?? ""
            guard seen.insert(id).inserted else { throw LadderError.badInput("translate: \(inPath): two rows share file_path \(id)") }
            items.append(TranslateItem(id: id, bytes: try dataset.content(of: row), allowed: allowed?.contains(id) ?? true))
        }
        let run = TranslateRun(settings: settings, stateDirectory: URL(fileURLWithPath: request.stateDir), ladderDirectory: request.ladderDir,
                               planned: request.engineData, attempt: request.attempt, log: { context.log($0) },
                               isCancelled: { context.isCancelled })
        let report = try run.run(items)
        // Items an earlier attempt reported keep their ledger rows; reporting them again would only
        // add to their attempt counts. Items finished by an attempt that was killed before it could
        // report (SIGKILL) are only in this engine's resume state: they are reported now, or the
        // step's ledger would lack them (and an `items_of` allowlist read from it would be short).
        let reported = Set(request.doneItems)
        let records = report.outcomes.filter { !$0.resumed || !reported.contains($0.id) }.map { o in
            ItemRecord(id: o.id, status: o.status.rawValue, error: o.errorText, extra: .object(o.runtime))
        }
        var metrics = Self.metrics(report)
        if let stop = report.stop {
            try Self.writePartial(records, metrics: metrics, message: stop.reason, to: request.resultPath)
            throw EngineFailure.exited(status: stop.exitStatus, reason: stop.reason)
        }
        let transient = report.outcomes.filter { $0.status == .failed && Self.isTransient($0.errorClass) }
        if !transient.isEmpty && settings.onTransient == .fail {
            let classes = Dictionary(grouping: transient, by: { $0.errorClass ?? "?" }).map { "\($0.key): \($0.value.count)" }.sorted()
            let message = "translate: \(transient.count) item(s) failed for reasons that may pass (\(classes.joined(separator: ", "))); finished items are kept — run again (or retry on_exit: [75]) to redo only those"
            context.log(message)
            try Self.writePartial(records, metrics: metrics, message: message, to: request.resultPath)
            throw EngineFailure.exited(status: 75, reason: message)
        }
        let out = URL(fileURLWithPath: request.outputDir)
        var rows: [[String: Value]] = []
        var ledger = ""
        for (row, outcome) in zip(dataset.rows, Self.aligned(report.outcomes, dataset.rows)) {
            guard let outcome else { continue }
            ledger += Value.object(outcome.row).canonicalJSON + "\n"
            guard outcome.status == .ok, let bytes = outcome.output else { continue }
            let (filename, sha) = try DatasetDirectory.writeFile(bytes, into: out)
            var newRow = row
            newRow["translated_from_sha256"] = row["sha256"]
            newRow["sha256"] = .string(sha)
            newRow["filename"] = .string(filename)
            newRow["lang"] = .string(settings.lang)
            newRow["translate_validation"] = outcome.validation.map(Value.string) ?? .null
            rows.append(newRow)
        }
        try DatasetDirectory.writeManifest(rows, into: out)
        try AtomicFile.write(ledger, to: out.appendingPathComponent("ledger.jsonl"))
        try AtomicFile.write(Self.summary(settings, report).prettyJSON + "\n", to: out.appendingPathComponent("translate.json"))
        metrics["dataset_files"] = .int(rows.count)
        context.log("translated \(rows.count) of \(items.count) files into \(settings.lang) with \(settings.provider.rawValue)"
                    + " (spent $\(String(format: "%.4f", report.spentThisAttemptUSD)) this attempt, $\(String(format: "%.4f", report.spentUSD)) in all)")
        return EngineResult(metrics: metrics, items: records)
    }

    static func isTransient(_ errorClass: String?) -> Bool {
        errorClass.flatMap(CallFailure.Kind.init(rawValue:))?.isTransient ?? false
    }

    /// Outcomes by dataset row (rows a breaker never reached get nil).
    static func aligned(_ outcomes: [ItemOutcome], _ rows: [[String: Value]]) -> [ItemOutcome?] {
        var byID: [String: ItemOutcome] = [:]
        for o in outcomes { byID[o.id] = o }
        return rows.map { byID[$0["file_path"]?.stringValue ?? ""] }
    }

    /// Counts and totals, with no timing: the same for a resumed and an uninterrupted run.
    static func counts(_ outcomes: [ItemOutcome]) -> [String: Value] {
        var byStatus: [String: Int] = [:], byClass: [String: Int] = [:], byValidation: [String: Int] = [:]
        var inTok = 0, outTok = 0, calls = 0, artefacts = 0, names = 0, unsafe = 0, inChars = 0, outChars = 0
        var cost = 0.0
        var invalidKept = 0
        for o in outcomes {
            byStatus[o.status.rawValue, default: 0] += 1
            if let c = o.errorClass, o.status != .ok { byClass[c, default: 0] += 1 }
            if let v = o.validation { byValidation[v, default: 0] += 1 }
            if o.status == .ok && o.validation == "failed" { invalidKept += 1 }
            inTok += o.stats.inputTokens; outTok += o.stats.outputTokens; cost += o.stats.costUSD; calls += o.stats.calls
            artefacts += o.artefacts; names += o.names.count; unsafe += o.keptUnsafe
            inChars += o.inputChars; outChars += o.outputChars
        }
        return ["files": .int(outcomes.count), "ok": .int(byStatus["ok", default: 0]), "failed": .int(byStatus["failed", default: 0]),
                "skipped": .int(byStatus["skipped", default: 0]), "by_error_class": .object(byClass.mapValues(Value.int)),
                "validation": .object(byValidation.mapValues(Value.int)),
                "invalid_excluded": .int(byClass[CallFailure.Kind.invalidPython.rawValue, default: 0]), "invalid_kept": .int(invalidKept),
                "input_tokens": .int(inTok), "output_tokens": .int(outTok), "estimated_cost_usd": .double(cost), "calls": .int(calls),
                "artefacts_reduced": .int(artefacts), "identifiers_renamed": .int(names), "kept_unsafe": .int(unsafe),
                "input_chars": .int(inChars), "output_chars": .int(outChars)]
    }

    static func metrics(_ report: TranslateReport) -> [String: Value] {
        var m = counts(report.outcomes)
        m.removeValue(forKey: "by_error_class")
        m.removeValue(forKey: "validation")
        m["spent_usd_total"] = .double(report.spentUSD)
        m["spent_usd_this_attempt"] = .double(report.spentThisAttemptUSD)
        m["paid_calls_this_attempt"] = .int(report.paidCalls)
        return m
    }

    /// `translate.json`: what was asked of whom, with which versioned data, and what came of it.
    static func summary(_ s: TranslateSettings, _ report: TranslateReport) -> Value {
        var o: [String: Value] = ["lang": .string(s.lang), "provider": .string(s.provider.rawValue), "mode": .string(s.mode.rawValue),
                                  "on_invalid": .string(s.onInvalid.rawValue), "resources": report.resources.identity,
                                  "compile_check": .string(report.python == nil ? "not-run" : "python3"),
                                  "counts": .object(counts(report.outcomes))]
        if s.provider.isChat {
            o["model"] = s.model.map(Value.string) ?? .null
            o["endpoint"] = s.endpoint.map(Value.string) ?? .null
        }
        return .object(o)
    }

    static func writePartial(_ items: [ItemRecord], metrics: [String: Value], message: String, to path: String) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        let data = try enc.encode(EngineResult(status: "failed", message: message, metrics: metrics, items: items))
        try AtomicFile.write(data, to: URL(fileURLWithPath: path))
    }
}
