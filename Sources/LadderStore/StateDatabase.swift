import Foundation
import GRDB
import LadderCore

/// The state database `state.sqlite`: runs, steps, attempts, outputs,
/// per-item ledgers, metrics and object verification stamps.
///
/// SQLite in WAL mode through a GRDB pool: readers (`ladder status`) never
/// block the writer, and a process killed mid-transaction leaves a WAL that
/// SQLite rolls back on the next open. Commits use `synchronous = NORMAL`:
/// a killed process loses nothing it committed (the WAL is in the page
/// cache), and power loss can only drop the last few commits, never corrupt
/// the file. Since every object is fsynced before the commit that names it,
/// a lost commit leaves at worst an unreferenced object and a step that runs
/// again — never a record pointing at nothing — while a step costs no fsync
/// of the database. The schema is created and upgraded only by
/// `DatabaseMigrator` migrations.
public final class StateDatabase: Sendable {
    /// The database file.
    public let url: URL
    /// True when opened for reading only (shared store access).
    public let readOnly: Bool
    let pool: DatabasePool

    /// Opens (creating and migrating unless `readOnly`) the database at `url`.
    /// A read-only open requires an existing database whose schema this
    /// version knows; it never migrates, since it holds no store lock.
    public init(url: URL, readOnly: Bool = false) throws {
        self.url = url
        self.readOnly = readOnly
        if readOnly && FileIO.lstatOrNil(url.path) == nil {
            throw StoreError.noStore(path: url.deletingLastPathComponent().path)
        }
        var config = Configuration()
        config.readonly = readOnly
        config.busyMode = .timeout(30)
        config.foreignKeysEnabled = true
        config.prepareDatabase { db in
            if !db.configuration.readonly {
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
            // A finished 10k-step ladder's database is tens of MiB and a no-op re-run
            // touches most of it: reads through a memory map instead of a pread copy
            // per page, and a page cache that holds the run's working set instead of
            // SQLite's default 2 MiB, which made the same pages be read again and again.
            try db.execute(sql: "PRAGMA mmap_size = \(StateDatabase.mappedBytes)")
            try db.execute(sql: "PRAGMA cache_size = -\(StateDatabase.cacheKiB)")
        }
        do {
            pool = try DatabasePool(path: url.path, configuration: config)
        } catch {
            throw StoreError.database("cannot open \(url.path): \(error)")
        }
        let migrator = StateDatabase.migrator
        do {
            if readOnly {
                try pool.read { db in
                    if try migrator.hasBeenSuperseded(db) {
                        throw StoreError.schema("\(url.path) was written by a newer ladder; upgrade ladder to read it")
                    }
                    if try !migrator.hasCompletedMigrations(db) {
                        throw StoreError.schema("\(url.path) has an older schema; run a writing command (`ladder run`, `ladder fsck`) once to upgrade it")
                    }
                }
            } else {
                try pool.read { db in
                    if try migrator.hasBeenSuperseded(db) {
                        throw StoreError.schema("\(url.path) was written by a newer ladder; upgrade ladder to use it")
                    }
                }
                try migrator.migrate(pool)
            }
        } catch let e as StoreError {
            throw e
        } catch {
            throw StoreError.database("cannot prepare \(url.path): \(error)")
        }
    }

    /// The identifiers of the migrations applied to this database, oldest first.
    public func appliedMigrations() throws -> [String] {
        try read("reading the schema version") { db in try StateDatabase.migrator.appliedMigrations(db) }
    }

    /// SQLite's journal mode (`wal` for every store this module opened).
    public func journalMode() throws -> String {
        try read("reading the journal mode") { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    /// How much of the database file SQLite maps into memory for reading.
    static let mappedBytes = 1 << 30
    /// The page cache of each connection, in KiB (filled only as pages are used).
    static let cacheKiB = 64 * 1024

    /// A write transaction whose failures name what was being done.
    func write<T>(_ what: String, _ body: (Database) throws -> T) throws -> T {
        guard !readOnly else { throw StoreError.notExclusive(operation: what) }
        do {
            return try pool.write(body)
        } catch let e as StoreError {
            throw e
        } catch {
            throw StoreError.database("\(what) failed in \(url.path): \(error)")
        }
    }

    /// A read whose failures name what was being read.
    func read<T>(_ what: String, _ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.read(body)
        } catch let e as StoreError {
            throw e
        } catch {
            throw StoreError.database("\(what) failed in \(url.path): \(error)")
        }
    }

    /// `PRAGMA integrity_check` and `foreign_key_check`; empty when healthy.
    public func integrityProblems() throws -> [String] {
        try read("checking database integrity") { db in
            var problems = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
            for row in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") {
                let table: String = row[0]
                let parent: String = row[2]
                problems.append("\(table) has a row pointing at a missing \(parent) row")
            }
            return problems
        }
    }

    /// Encodes strings as one JSON array, so that a batch of keys travels as a
    /// single bound parameter and is unpacked with `json_each` in SQL: one
    /// statement for ten thousand keys, and no limit on bound variables.
    static func jsonArray(_ values: [String]) -> String {
        Value.array(values.map(Value.string)).canonicalJSON
    }

    static func date(_ seconds: Double?) -> Date? {
        seconds.map { Date(timeIntervalSince1970: $0) }
    }
}
