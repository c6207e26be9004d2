import Foundation
import LadderCore

/// How one file ended: its ledger row. `row` holds only what is the same
/// whether the step ran straight through or was resumed (it goes into the
/// output's `ledger.jsonl`); `runtime` adds attempts, retries, cache hits and
/// latency (it goes only to the ledger in the state database).
public struct ItemOutcome: Sendable, Equatable {
    public enum Status: String, Sendable { case ok, failed, skipped }

    public var id: String
    public var status: Status
    public var errorClass: String?
    public var error: String?
    /// The translated bytes, when the file goes into the dataset.
    public var output: [UInt8]?
    /// `passed`, `tokenized` or `failed` (nil when nothing was translated).
    public var validation: String?
    public var validationMessage: String?
    public var inputChars = 0
    public var outputChars = 0
    public var stats = CallStats()
    public var names: [String: String] = [:]
    public var segments: [String: Int] = [:]
    public var artefacts = 0
    public var keptUnsafe = 0
    /// Finished by an earlier attempt (read from the state directory).
    public var resumed = false

    public init(id: String, status: Status, errorClass: String? = nil, error: String? = nil) {
        self.id = id
        self.status = status
        self.errorClass = errorClass
        self.error = error
    }

    /// `class: message`, as the ledger's error column shows it.
    public var errorText: String? {
        guard let error else { return nil }
        return errorClass.map { "\($0): \(error)" } ?? error
    }

    public var outputSHA256: String? { output.map { SHA256.hex(Data($0)) } }

    /// The deterministic row (sorted keys when written).
    public var row: [String: Value] {
        var o: [String: Value] = [
            "id": .string(id), "status": .string(status.rawValue),
            "input_chars": .int(inputChars), "output_chars": .int(outputChars),
            "input_tokens": .int(stats.inputTokens), "output_tokens": .int(stats.outputTokens),
            "cost_usd": .double(stats.costUSD), "calls": .int(stats.calls),
            "identifiers": .int(names.count), "artefacts": .int(artefacts), "kept_unsafe": .int(keptUnsafe),
            "segments": .object(segments.mapValues(Value.int)),
        ]
        if let errorClass { o["error_class"] = .string(errorClass) }
        if let error { o["error"] = .string(error) }
        if let validation { o["validation"] = .string(validation) }
        if let validationMessage { o["validation_message"] = .string(validationMessage) }
        if let sha = outputSHA256 { o["output_sha256"] = .string(sha) }
        return o
    }

    /// The row plus what varies between runs: for the state database's ledger only.
    public var runtime: [String: Value] {
        var o = row
        o["http_attempts"] = .int(stats.httpAttempts)
        o["retries"] = .int(stats.retries)
        o["cached_calls"] = .int(stats.cachedCalls)
        o["latency_ms"] = .int(Int((stats.latencySeconds * 1000).rounded()))
        o["resumed"] = .bool(resumed)
        return o
    }

    // MARK: state directory

    /// The finished item as kept in the state directory (row, names, and the file beside it).
    var stateJSON: Value {
        var o = row
        o["names"] = .object(names.mapValues(Value.string))
        return .object(o)
    }

    init?(state v: Value, output: [UInt8]?) {
        guard let id = v["id"]?.stringValue, let s = v["status"]?.stringValue, let status = Status(rawValue: s) else { return nil }
        self.init(id: id, status: status, errorClass: v["error_class"]?.stringValue, error: v["error"]?.stringValue)
        self.output = output
        if let sha = v["output_sha256"]?.stringValue, output.map({ SHA256.hex(Data($0)) }) != sha { return nil }
        validation = v["validation"]?.stringValue
        validationMessage = v["validation_message"]?.stringValue
        inputChars = v["input_chars"]?.intValue ?? 0
        outputChars = v["output_chars"]?.intValue ?? 0
        stats.inputTokens = v["input_tokens"]?.intValue ?? 0
        stats.outputTokens = v["output_tokens"]?.intValue ?? 0
        stats.costUSD = v["cost_usd"]?.doubleValue ?? 0
        stats.calls = v["calls"]?.intValue ?? 0
        artefacts = v["artefacts"]?.intValue ?? 0
        keptUnsafe = v["kept_unsafe"]?.intValue ?? 0
        segments = (v["segments"]?.objectValue ?? [:]).compactMapValues(\.intValue)
        names = (v["names"]?.objectValue ?? [:]).compactMapValues(\.stringValue)
        resumed = true
    }
}
