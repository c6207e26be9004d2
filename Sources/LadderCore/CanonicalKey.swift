import Foundation
/// Builds content-addressed keys: SHA-256 over a versioned, canonical encoding
/// of named fields. Field names and types are hashed along with values, so
/// `{a: "1"}` and `{a: 1}` differ, and so do two fields that swap values.
public struct CanonicalKey {
    /// Bumped when the encoding changes, so old keys never collide with new ones.
    public static let encodingVersion = "ladder-key-v1"

    private var fields: [String: Value] = [:]
    private static let prefix = Array("{\"encoding\":\"\(encodingVersion)\",\"fields\":".utf8)

    public init() {}

    public mutating func add(_ name: String, _ value: Value) { fields[name] = value }

    /// The canonical text that is hashed (useful for `explain`).
    public var canonicalText: String {
        Value.object(["encoding": .string(Self.encodingVersion), "fields": .object(fields)]).canonicalJSON
    }

    public var hex: String {
        // Same bytes as the canonical JSON of {"encoding": ..., "fields": {...}}, written without building it.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(512)
        bytes.append(contentsOf: Self.prefix)
        Value.object(fields).writeCanonical(to: &bytes)
        bytes.append(UInt8(ascii: "}"))
        var h = SHA256()
        bytes.withUnsafeBytes { h.update($0) }
        return h.finalizeHex()
    }
}
