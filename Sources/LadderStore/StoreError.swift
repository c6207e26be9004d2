import Foundation
import LadderCore

/// Everything that can go wrong in the store, as values a caller can match on.
///
/// `asLadderError` maps each case onto the command-line contract: a bad
/// engine output fails the step (exit 1), a bad selector or view spec is bad
/// input (exit 2), the rest is I/O trouble.
public enum StoreError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A tree holds something the store refuses: an absolute symlink, a
    /// symlink that leaves the tree, a `..` component, a device or a socket,
    /// or a name that is not UTF-8. `path` is relative to the ingested root.
    case unsafeEntry(path: String, reason: String)
    /// A string that is not 64 lower-case hex characters was used as an object name.
    case invalidHash(String)
    /// No object with this name is in the store.
    case notFound(ObjectHash)
    /// The object's bytes no longer hash to its name; it has been moved aside.
    case corrupt(ObjectHash, actual: String)
    /// Another process holds the store lock.
    case locked(path: String, holder: String)
    /// The operation writes to the store, which was opened with `.shared` access.
    case notExclusive(operation: String)
    /// There is no store (no state database) at this path.
    case noStore(path: String)
    /// The state database's schema does not match this version of the tool.
    case schema(String)
    /// A run selector named no run.
    case runNotFound(selector: String, known: [String])
    /// `beginRun` was given a name an earlier run already has.
    case runExists(name: String)
    /// A relative path given by the caller (view entry, subpath, output name) is unusable.
    case badPath(path: String, reason: String)
    /// A database operation failed; the message says which one.
    case database(String)
    /// A file-system operation failed; the message names the path and the reason.
    case io(String)

    public var description: String {
        switch self {
        case .unsafeEntry(let path, let reason):
            return "refused output entry '\(path)': \(reason); engines must write only regular files, directories and relative symlinks that stay inside their output directory"
        case .invalidHash(let s):
            return "'\(s)' is not an object hash (expected 64 lower-case hex characters)"
        case .notFound(let h):
            return "object \(h.short) is not in the store; the step that made it must run again"
        case .corrupt(let h, let actual):
            return "object \(h.short) is corrupt (its content hashes to \(actual.prefix(12))); it was moved to corrupt/ and the step that made it must run again"
        case .locked(let path, let holder):
            return "the store is in use by \(holder) (lock \(path)); wait for it to finish or stop it"
        case .notExclusive(let op):
            return "\(op) needs the store lock; open the store with exclusive access"
        case .noStore(let path):
            return "no ladder store at \(path) (state.sqlite is missing); run `ladder run` first or pass --store"
        case .schema(let m):
            return "state database: \(m)"
        case .runNotFound(let sel, let known):
            let list = known.isEmpty ? "the store has no runs yet" : "recent runs: \(known.joined(separator: ", "))"
            return "no run matches '\(sel)' (use a run name, a run id, 'latest' or 'latest~N'); \(list)"
        case .runExists(let name):
            return "a run named '\(name)' already exists; pick another name or leave it out to get run-<id>"
        case .badPath(let path, let reason):
            return "bad relative path '\(path)': \(reason)"
        case .database(let m), .io(let m):
            return m
        }
    }

    /// The error in the project's command-line vocabulary.
    public var asLadderError: LadderError {
        switch self {
        case .unsafeEntry, .corrupt, .notFound: return .stepFailed(description)
        case .invalidHash, .runNotFound, .runExists, .badPath, .noStore: return .badInput(description)
        case .locked, .notExclusive, .schema, .database, .io: return .io(description)
        }
    }
}
