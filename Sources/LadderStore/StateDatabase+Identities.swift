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
        try write("recording \(pairs.count) step identities") { db in
            let stmt = try db.cachedStatement(sql: """
                INSERT INTO step_identities (identity, step_key, run_id, updated)
                SELECT ?, key, ?, ? FROM steps WHERE key = ?
                ON CONFLICT (identity) DO UPDATE SET step_key = excluded.step_key, run_id = excluded.run_id,
                    updated = excluded.updated
                """)
            // In identity order the upserts walk the primary key instead of seeking a random
            // page each (the sort is stable: the last pair for an identity still wins).
            // An identity still served by the same key (every one, on a run that changed
            // nothing) only gets its run and time: an update of columns no index or foreign
            // key covers, rather than an upsert that rewrites the by-step index entry.
            let touch = try db.cachedStatement(sql: "UPDATE step_identities SET run_id = ?, updated = ? WHERE identity = ? AND step_key = ?")
            for p in pairs.sorted(by: { $0.identity < $1.identity }) {
                try touch.execute(arguments: [run, now.timeIntervalSince1970, p.identity, p.stepKey])
                if db.changesCount == 0 {
                    try stmt.execute(arguments: [p.identity, run, now.timeIntervalSince1970, p.stepKey])
                }
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
            return out
        }
    }
}
