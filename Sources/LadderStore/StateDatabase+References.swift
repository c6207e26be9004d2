import Foundation
import GRDB

/// A place in the database that names an object, for `fsck` and `gc`.
public struct ObjectReference: Sendable, Equatable, CustomStringConvertible {
    /// Which kind of row holds the reference.
    public enum Source: Sendable, Equatable {
        /// `outputs`: a step's named output.
        case output(name: String)
        /// `attempts.log_hash`: an attempt's captured log.
        case log(attempt: Int)
        /// `ledger_items.output_hash`: one item's output.
        case ledgerItem(id: String)
    }

    public var stepKey: String
    public var source: Source
    /// As stored; may be malformed if the database was edited by hand.
    public var hashText: String

    public var description: String {
        switch source {
        case .output(let name): return "step \(stepKey.prefix(12)) output '\(name)' -> \(hashText.prefix(12))"
        case .log(let n): return "step \(stepKey.prefix(12)) attempt \(n) log -> \(hashText.prefix(12))"
        case .ledgerItem(let id): return "step \(stepKey.prefix(12)) ledger item '\(id)' -> \(hashText.prefix(12))"
        }
    }
}

extension StateDatabase {
    /// Every object reference in the database, or with `keepRuns` only those
    /// of steps that a kept run executed, reused, failed or attempted.
    public func references(keepRuns: Set<Int64>? = nil) throws -> [ObjectReference] {
        try read("collecting object references") { db in
            var filter = ""
            var args: StatementArguments = []
            if let keepRuns {
                let ids = StateDatabase.jsonArray(keepRuns.sorted().map(String.init))
                filter = """
                     WHERE step_key IN (SELECT step_key FROM run_steps WHERE run_id IN (SELECT CAST(value AS INTEGER) FROM json_each(?))
                     UNION SELECT step_key FROM attempts WHERE run_id IN (SELECT CAST(value AS INTEGER) FROM json_each(?)))
                    """
                args = [ids, ids]
            }
            var refs: [ObjectReference] = []
            for row in try Row.fetchAll(db, sql: "SELECT step_key, name, hash FROM outputs" + filter, arguments: args) {
                refs.append(ObjectReference(stepKey: row[0], source: .output(name: row[1]), hashText: row[2]))
            }
            for row in try Row.fetchAll(db, sql: "SELECT step_key, number, log_hash FROM attempts" + filter + (filter.isEmpty ? " WHERE" : " AND") + " log_hash IS NOT NULL", arguments: args) {
                refs.append(ObjectReference(stepKey: row[0], source: .log(attempt: row[1]), hashText: row[2]))
            }
            for row in try Row.fetchAll(db, sql: "SELECT step_key, item_id, output_hash FROM ledger_items" + filter + (filter.isEmpty ? " WHERE" : " AND") + " output_hash IS NOT NULL", arguments: args) {
                refs.append(ObjectReference(stepKey: row[0], source: .ledgerItem(id: row[1]), hashText: row[2]))
            }
            return refs
        }
    }
}

extension StateDatabase: ObjectStampCache {
    public func stamps(for hashes: [ObjectHash]) throws -> [ObjectHash: String] {
        try read("reading verification stamps") { db in
            var out: [ObjectHash: String] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT hash, stamp FROM object_stamps WHERE hash IN (SELECT value FROM json_each(?))",
                                           arguments: [StateDatabase.jsonArray(hashes.map(\.hex))])
            while let row = try rows.next() {
                out[ObjectHash(trusted: row[0])] = row[1]
            }
            return out
        }
    }

    public func saveStamps(_ stamps: [ObjectHash: String]) throws {
        guard !readOnly, !stamps.isEmpty else { return }
        let now = Date().timeIntervalSince1970
        try write("recording verification stamps") { db in
            let stmt = try db.cachedStatement(sql: "INSERT OR REPLACE INTO object_stamps (hash, stamp, verified) VALUES (?, ?, ?)")
            for (hash, stamp) in stamps { try stmt.execute(arguments: [hash.hex, stamp, now]) }
        }
    }

    public func forgetStamps(_ hashes: [ObjectHash]) throws {
        guard !readOnly, !hashes.isEmpty else { return }
        try write("dropping verification stamps") { db in
            try db.execute(sql: "DELETE FROM object_stamps WHERE hash IN (SELECT value FROM json_each(?))",
                           arguments: [StateDatabase.jsonArray(hashes.map(\.hex))])
        }
    }
}
