import Foundation

/// How a process opens a store.
public enum StoreAccess: Sendable, Equatable {
    /// Reading only (`ladder status`, `runs`, `log`, `diff`): no lock, the
    /// database opened read-only, objects verified but never moved.
    case shared
    /// The one writer (`ladder run`, `gc`, `fsck`): takes `<store>/lock`,
    /// waiting up to `wait` seconds for another holder (0: refuse at once).
    case exclusive(wait: TimeInterval)
}

/// What opening a store with exclusive access found and cleaned up after a
/// process that died without closing it.
public struct StoreRecovery: Sendable, Equatable {
    /// Entries removed from `tmp/` (half-written outputs, staging copies).
    public var tmpEntriesRemoved = 0
    /// Runs still marked `running`, now `interrupted`.
    public var runsInterrupted = 0
    /// Attempts still marked `running`, now `interrupted`.
    public var attemptsInterrupted = 0

    public init() {}
}

/// A ladder store: one directory (default `runs/`) holding
///
///     lock            the writer's flock (see StoreLock)
///     state.sqlite    the state database (+ -wal, -shm)
///     objects/ab/…    content-addressed files and trees (read-only)
///     tmp/            work directories of running steps; staging for ingest
///     corrupt/        objects found corrupt, moved aside
///     views/          human-readable symlink trees into objects/
///
/// The entry point for everything above this module: open it once per
/// command, use `objects` and `database`, and close it (or let it go).
public final class Store: @unchecked Sendable {
    /// The default store directory, relative to the working directory.
    public static let defaultDirectoryName = "runs"

    /// The store's directory.
    public let root: URL
    /// How it was opened.
    public let access: StoreAccess
    /// Content-addressed objects.
    public let objects: ObjectStore
    /// The state database.
    public let database: StateDatabase
    /// What opening cleaned up (all zero for shared access).
    public let recovery: StoreRecovery
    private let lock: StoreLock?

    private init(root: URL, access: StoreAccess, objects: ObjectStore, database: StateDatabase, recovery: StoreRecovery, lock: StoreLock?) {
        self.root = root
        self.access = access
        self.objects = objects
        self.database = database
        self.recovery = recovery
        self.lock = lock
    }

    /// Opens the store at `root`.
    ///
    /// With `.exclusive`, creates the store if needed, takes the lock (or
    /// throws `StoreError.locked` naming the holder), empties `tmp/` — the
    /// lock proves nobody else is using it, so everything there was left by
    /// a killed process — and marks runs and attempts left `running` as
    /// `interrupted`. SQLite itself rolls back a transaction a killed process
    /// left in the WAL. With `.shared`, the store must already exist.
    /// `command` describes this process to anyone who finds the lock taken.
    public static func open(at root: URL, access: StoreAccess,
                            command: String = CommandLine.arguments.joined(separator: " "),
                            racyMargin: TimeInterval = 2) throws -> Store {
        let root = root.standardizedFileURL
        let dbURL = root.appendingPathComponent("state.sqlite")
        switch access {
        case .shared:
            let db = try StateDatabase(url: dbURL, readOnly: true)
            let objects = try ObjectStore(root: root, writable: false, stampCache: db, racyMargin: racyMargin)
            return Store(root: root, access: access, objects: objects, database: db, recovery: StoreRecovery(), lock: nil)
        case .exclusive(let wait):
            try FileIO.makeDirectory(root.path)
            let lock = try StoreLock.acquire(at: root.appendingPathComponent("lock"), wait: wait, command: command)
            var recovery = StoreRecovery()
            let tmp = root.appendingPathComponent("tmp").path
            try FileIO.makeDirectory(tmp)
            for name in try FileIO.names(in: tmp) {
                OrphanedEngines.reap(workDirectory: tmp + "/" + String(decoding: name, as: UTF8.self))
                try FileIO.removeTree(tmp + "/" + String(decoding: name, as: UTF8.self))
                recovery.tmpEntriesRemoved += 1
            }
            let db = try StateDatabase(url: dbURL, readOnly: false)
            let objects = try ObjectStore(root: root, writable: true, stampCache: db, racyMargin: racyMargin)
            let marked = try db.recoverInterrupted()
            recovery.runsInterrupted = marked.runs
            recovery.attemptsInterrupted = marked.attempts
            try FileIO.makeDirectory(root.appendingPathComponent("views").path)
            return Store(root: root, access: access, objects: objects, database: db, recovery: recovery, lock: lock)
        }
    }

    /// True when this process holds the store lock.
    public var isExclusive: Bool { lock?.isHeld ?? false }

    /// Releases the lock. The store must not be written afterwards.
    public func close() {
        lock?.release()
    }

    func requireExclusive(_ operation: String) throws {
        guard isExclusive else { throw StoreError.notExclusive(operation: operation) }
    }

    /// A fresh, empty directory under `tmp/` for one attempt of a step (its
    /// output and scratch directories go inside). It is on the store's file
    /// system, so ingesting its output with `consume: true` is a rename.
    /// Anything left here by a killed process is removed at the next
    /// exclusive open. `label` only makes the name readable.
    public func makeWorkDirectory(label: String) throws -> URL {
        try requireExclusive("creating a work directory")
        let safe = String(label.unicodeScalars.map { s -> Character in
            (s.isASCII && (CharacterSet.alphanumerics.contains(s) || s == "-" || s == "_" || s == ".")) ? Character(s) : "_"
        }.prefix(40))
        let url = root.appendingPathComponent("tmp").appendingPathComponent("work-\(safe)-\(UUID().uuidString)")
        try FileIO.makeDirectory(url.path, mode: 0o700)
        return url
    }

    /// Removes a work directory once its outputs are stored (or the attempt failed).
    public func removeWorkDirectory(_ url: URL) throws {
        let tmp = root.appendingPathComponent("tmp").path + "/"
        guard url.standardizedFileURL.path.hasPrefix(tmp) else {
            throw StoreError.badPath(path: url.path, reason: "it is not a work directory of the store at \(root.path)")
        }
        try FileIO.removeTree(url.standardizedFileURL.path)
    }
}
