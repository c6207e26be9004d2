import Foundation
import LadderCore

/// The canonical, versioned encoding that names a directory by its content.
///
/// Version `ladder-tree-v1`. A directory's hash is the SHA-256 of:
///
///     "ladder-tree-v1\n"
///     then, for each entry, sorted by the bytes of its UTF-8 name:
///     KIND " " X " " HASH " " NAME "\0"
///
/// - KIND is `file`, `dir` or `symlink`.
/// - X is `x` for a file whose owner-execute bit is set, `-` otherwise
///   (always `-` for directories and symlinks): the only mode bit that
///   changes what a tree does.
/// - HASH is 64 lower-case hex: a file's SHA-256 of its bytes, a
///   directory's own tree hash (recursively), a symlink's SHA-256 of its
///   target string.
/// - NAME is the entry's name; names cannot contain `/` or NUL, so the NUL
///   terminator makes the encoding unambiguous.
///
/// Owner, group, timestamps and other mode bits are deliberately not part of
/// the name: the same outputs produced on two hosts must share one object.
/// A change to this layout must bump the version string so that old and new
/// hashes can never be confused.
public enum TreeEncoding {
    /// The version tag that opens every encoding.
    public static let version = "ladder-tree-v1"

    /// What kind of thing a tree entry is.
    public enum Kind: String, Sendable {
        case file, dir, symlink
    }

    /// One entry of a directory, as it enters the encoding.
    public struct Entry: Sendable, Equatable {
        /// The entry's name within its directory (no `/`).
        public var name: String
        /// File, directory or symlink.
        public var kind: Kind
        /// Owner-execute bit; only meaningful for files.
        public var executable: Bool
        /// Content hash as described in the type's documentation.
        public var hash: ObjectHash

        public init(name: String, kind: Kind, executable: Bool, hash: ObjectHash) {
            self.name = name
            self.kind = kind
            self.executable = kind == .file && executable
            self.hash = hash
        }
    }

    /// The canonical bytes for a directory with these entries (in any order).
    public static func encode(_ entries: [Entry]) -> Data {
        let sorted = entries.sorted { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }
        var out = Data()
        out.reserveCapacity(16 + sorted.count * 96)
        out.append(contentsOf: Array((version + "\n").utf8))
        for e in sorted {
            out.append(contentsOf: Array(e.kind.rawValue.utf8))
            out.append(contentsOf: Array((e.executable ? " x " : " - ").utf8))
            out.append(contentsOf: Array(e.hash.hex.utf8))
            out.append(0x20)
            out.append(contentsOf: Array(e.name.utf8))
            out.append(0)
        }
        return out
    }

    /// The tree hash of a directory with these entries.
    public static func hash(_ entries: [Entry]) -> ObjectHash {
        ObjectHash(trusted: SHA256.hex(encode(entries)))
    }

    /// The hash a symlink contributes: the SHA-256 of its target string.
    public static func symlinkHash(target: String) -> ObjectHash {
        ObjectHash(trusted: SHA256.hex(target))
    }
}
