/// One selected file and its manifest row.
///
/// The identity is `key` (`file_path@sha256`): it survives re-ordering, re-running
/// and re-splitting. `idx` is the position within the split, a convenience for
/// tools that want row numbers, never an identity.
public struct SubsetItem: Codable, Sendable, Equatable {
    /// Which split an item belongs to.
    public enum Split: String, Codable, Sendable {
        /// Training files.
        case train
        /// Held-out validation files.
        case validation
    }

    /// `file_path@sha256`, the stable content key.
    public var key: String
    /// The file's source path.
    public var filePath: String
    /// SHA-256 of the file's bytes.
    public var sha256: String
    /// Where `write(to:)` puts the file, relative to the output directory.
    public var filename: String
    /// The item's split.
    public var split: Split
    /// 0-based position within the split, in file-path order.
    public var idx: Int
    /// Licences the source recorded.
    public var licenses: [String]
    /// Source repository, when known.
    public var repo: String?
    /// Source repository stars, when known.
    public var stars: Int?
    /// Where the corpus reader found the file.
    public var origin: String
    /// The file's bytes (not part of the manifest row).
    public var content: [UInt8] = []

    enum CodingKeys: String, CodingKey {
        case key, filePath = "file_path", sha256, filename, split, idx, licenses, repo, stars, origin
    }

    /// The key for a path and content hash.
    public static func key(path: String, sha256: String) -> String { "\(path)@\(sha256)" }
}

/// A file a filter dropped, and why; one row of `dropped.jsonl`.
public struct DroppedFile: Codable, Sendable, Equatable {
    /// The file's source path.
    public var filePath: String
    /// SHA-256 of the file's bytes.
    public var sha256: String
    /// The stage that dropped it.
    public var stage: FilterStage
    /// The particulars (the licence, the line count, the file it duplicates...).
    public var reason: String
    /// Where the corpus reader found the file.
    public var origin: String

    enum CodingKeys: String, CodingKey {
        case filePath = "file_path", sha256, stage, reason, origin
    }
}
