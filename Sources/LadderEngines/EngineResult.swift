import Foundation
import LadderCore

/// One item of a per-item step (a file, an example) as the engine reports it.
public struct ItemRecord: Codable, Sendable, Equatable {
    public var id: String
    /// `ok`, `failed` or `skipped`.
    public var status: String
    public var error: String?
    /// Relative path of the item's output inside the output directory, if any.
    public var output: String?
    /// Engine-specific details (token counts, round-trip result, ...).
    public var extra: Value?

    public init(id: String, status: String, error: String? = nil, output: String? = nil, extra: Value? = nil) {
        self.id = id
        self.status = status
        self.error = error
        self.output = output
        self.extra = extra
    }
}

/// What an engine reports back: written as JSON at `result_path` by external engines.
public struct EngineResult: Codable, Sendable, Equatable {
    /// `ok` or `failed`.
    public var status: String
    public var message: String?
    public var metrics: [String: Value]
    public var items: [ItemRecord]

    public init(status: String = "ok", message: String? = nil, metrics: [String: Value] = [:], items: [ItemRecord] = []) {
        self.status = status
        self.message = message
        self.metrics = metrics
        self.items = items
    }

    enum CodingKeys: String, CodingKey { case status, message, metrics, items }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        status = try c.decode(String.self, forKey: .status)
        message = try c.decodeIfPresent(String.self, forKey: .message)
        metrics = try c.decodeIfPresent([String: Value].self, forKey: .metrics) ?? [:]
        items = try c.decodeIfPresent([ItemRecord].self, forKey: .items) ?? []
    }

    /// Reads and checks a result file; a missing or malformed one is a clear failure reason.
    public static func read(from url: URL) throws -> EngineResult {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw LadderError.stepFailed("the engine wrote no result file (\(url.lastPathComponent))")
        }
        let result: EngineResult
        do {
            result = try JSONDecoder().decode(EngineResult.self, from: data)
        } catch {
            throw LadderError.stepFailed("the engine's result file is malformed JSON or lacks `status`: \(error)")
        }
        guard ["ok", "failed"].contains(result.status) else {
            throw LadderError.stepFailed("the engine's result status is '\(result.status)'; expected ok or failed")
        }
        for item in result.items where !["ok", "failed", "skipped"].contains(item.status) {
            throw LadderError.stepFailed("item '\(item.id)' has status '\(item.status)'; expected ok, failed or skipped")
        }
        return result
    }
}
