import Foundation
import LadderCore

/// Successful response bodies by request hash, kept in the step's state
/// directory (which survives failed, timed-out and killed attempts), so a
/// resumed step never pays twice for the same call. The hash covers the
/// provider, the endpoint and the exact request body; never the API key.
final class ResponseCache: @unchecked Sendable {
    let directory: URL

    init(directory: URL) throws {
        self.directory = directory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// The hash a request is cached under.
    static func key(provider: String, endpoint: String, body: Data) -> String {
        var h = SHA256()
        h.update("ladder-translate-call-v1\u{0}\(provider)\u{0}\(endpoint)\u{0}")
        h.update(body)
        return h.finalizeHex()
    }

    private func url(_ key: String) -> URL { directory.appendingPathComponent("\(key).body") }

    func get(_ key: String) -> Data? { FileManager.default.contents(atPath: url(key).path) }

    func put(_ key: String, _ body: Data) throws { try AtomicFile.write(body, to: url(key)) }

    /// Drops an answer the engine rejected, so the next try asks again.
    func remove(_ key: String) { try? FileManager.default.removeItem(at: url(key)) }

    /// How many responses are kept.
    var count: Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".body") }.count
    }
}
