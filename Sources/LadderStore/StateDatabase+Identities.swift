import Foundation
import GRDB

/// The step that last succeeded (executed or reused) for one step identity.
public struct IdentitySuccess: Sendable, Equatable {
    /// `condition[cell].template@for_each`, as the plan labels a step's user.
    public var identity: String
    /// The execution key of that step; its `steps` row holds the key ingredients.
    public var step: StepRecord
    /// The run that last used it.
    public var runID: Int64?
}

extension StateDatabase {
    /// Records, in one transaction, that each identity is now served by the
    /// given execution key: the reference `plan` compares against next time.
    /// Keys without a `steps` row are left out (they have nothing to compare).
    public func recordIdentities(_ pairs: [(identity: String, stepKey: String)], run: Int64?, at now: Date = Date()) throws {
        guard !pairs.isEmpty else { return }
        // The last pair for an identity wins, as row by row.
        var latest: [String: String] = [:]
        latest.reserveCapacity(pairs.count)
        for p in pairs { latest[p.identity] = p.stepKey }
        try write("recording \(pairs.count) step identities") { db in
            // An identity still served by the same key (every one, on a run that changed
            // nothing) only gets its run and time: one statement for all of them, updating
            // columns no index or foreign key covers.
            var kept: [String] = []
            let current = try Row.fetchCursor(db, sql: "SELECT identity, step_key FROM step_identities WHERE identity IN (SELECT value FROM json_each(?))",
                                              arguments: [StateDatabase.jsonArray(Array(latest.keys))])
            while let row = try current.next() {
                let identity: String = row[0]
                if latest[identity] == row[1] as String {
                    kept.append(identity)
                    latest[identity] = nil
                }
            }
            if !kept.isEmpty {
                try db.execute(sql: "UPDATE step_identities SET run_id = ?, updated = ? WHERE identity IN (SELECT value FROM json_each(?))",
                               arguments: [run, now.timeIntervalSince1970, StateDatabase.jsonArray(kept.sorted())])
            }
            // The rest, new or served by another key now, in identity order (the upserts walk
            // the primary key instead of seeking a random page each).
            let stmt = try db.cachedStatement(sql: """
                INSERT INTO step_identities (identity, step_key, run_id, updated)
                SELECT ?, key, ?, ? FROM steps WHERE key = ?
                ON CONFLICT (identity) DO UPDATE SET step_key = excluded.step_key, run_id = excluded.run_id,
                    updated = excluded.updated
                """)
            for (identity, stepKey) in latest.sorted(by: { $0.key < $1.key }) {
                try stmt.execute(arguments: [identity, run, now.timeIntervalSince1970, stepKey])
            }
        }
    }

    /// The last success recorded for each of `identities` (one query however many).
    public func lastSuccesses(identities: [String]) throws -> [String: IdentitySuccess] {
        guard !identities.isEmpty else { return [:] }
        return try read("reading \(identities.count) step identities") { db in
            var out: [String: IdentitySuccess] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT i.identity AS who, i.run_id AS who_run, s.key, s.engine, s.identity, s.params, s.ingredients, s.status, s.updated FROM step_identities i JOIN steps s ON s.key = i.step_key
                WHERE i.identity IN (SELECT value FROM json_each(?))
                """, arguments: [StateDatabase.jsonArray(identities)])
            while let row = try rows.next() {
                let status: String = row["status"]
                let s = StepRecord(key: row["key"], engine: row["engine"], identityJSON: row["identity"],
                                   paramsJSON: row["params"], ingredientsJSON: row["ingredients"],
                                   status: StepStatus(rawValue: status) ?? .planned,
                                   updated: Date(timeIntervalSince1970: row["updated"]))
                let identity: String = row["who"]
                out[identity] = IdentitySuccess(identity: identity, step: s, runID: row["who_run"])
            }
            // A re-run of a finished plan used its identities in one `identity_touches` row.
            let touches = try Row.fetchCursor(db, sql: """
                SELECT j.value, max(t.run_id) FROM identity_touches t JOIN finished_plans f ON f.digest = t.digest, json_each(f.identities) j
                WHERE j.value IN (SELECT value FROM json_each(?)) GROUP BY j.value
                """, arguments: [StateDatabase.jsonArray(identities)])
            while let row = try touches.next() {
                let identity: String = row[0], run: Int64 = row[1]
                if let found = out[identity], (found.runID ?? Int64.min) < run { out[identity]?.runID = run }
            }
            return out
        }
    }
}
