import Foundation
import GRDB

/// What a run that reused or executed every step of a plan left behind, kept so
/// that running the same plan again, with nothing changed in the store since,
/// needs no step-by-step work: the execution key and output of each plan step,
/// the execution keys, identities and objects involved, and the plan-step set
/// the run served. The caller names it by a digest of its plan.
public struct FinishedPlan: Sendable, Equatable {
    public var digest: String
    /// `store_generation` when it was recorded; it stands only while that is unchanged.
    public var generation: Int64
    /// The plan-step set of the run that recorded it.
    public var setID: Int64
    /// Per plan step, in the plan's order: its execution key and the hash of its output
    /// `out`, as 128 hex characters.
    public var steps: String
    /// The distinct execution keys (a JSON array).
    public var stepKeysJSON: String
    /// Every output object of those keys (a JSON array of hashes).
    public var objectsJSON: String
    /// The step identities the plan's steps serve (a JSON array).
    public var identitiesJSON: String
}

extension StateDatabase {
    /// How many finished plans a store keeps (the most recently recorded).
    static let finishedPlansKept = 4

    /// The counter the schema's triggers bump on every change that can alter a reuse decision.
    public func generation() throws -> Int64 {
        try read("reading the store generation") { db in try Self.generation(db) }
    }

    static func generation(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT value FROM store_generation WHERE id = 1") ?? -1
    }

    /// The finished plan recorded under `digest`, if nothing it depends on changed since.
    public func finishedPlan(digest: String) throws -> FinishedPlan? {
        try read("reading a finished plan") { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT generation, set_id, steps, step_keys, objects, identities FROM finished_plans WHERE digest = ?
                """, arguments: [digest]) else { return nil }
            let plan = FinishedPlan(digest: digest, generation: row[0], setID: row[1], steps: row[2], stepKeysJSON: row[3],
                                    objectsJSON: row[4], identitiesJSON: row[5])
            return plan.generation == (try Self.generation(db)) ? plan : nil
        }
    }

    /// Records what run `run` left for its plan (named `digest`): `steps` as in `FinishedPlan`,
    /// the distinct `stepKeys` and the `identities` it served. Its objects are read from the
    /// recorded outputs of those keys; its set is the run's plan-step set. Older finished
    /// plans beyond `finishedPlansKept` are dropped. Does nothing when the run has no set.
    public func recordFinishedPlan(digest: String, steps: String, stepKeys: [String], identities: [String], run: Int64,
                                   at now: Date = Date()) throws {
        try write("recording the finished plan of run \(run)") { db in
            guard let setID = try Int64.fetchOne(db, sql: "SELECT set_id FROM run_plan_sets WHERE run_id = ?", arguments: [run]) else {
                return
            }
            let keys = StateDatabase.jsonArray(stepKeys)
            let objects = try String.fetchAll(db, sql: """
                SELECT DISTINCT hash FROM outputs WHERE step_key IN (SELECT value FROM json_each(?)) ORDER BY hash
                """, arguments: [keys])
            try db.execute(sql: """
                INSERT INTO finished_plans (digest, generation, set_id, steps, step_keys, objects, identities, recorded)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (digest) DO UPDATE SET generation = excluded.generation, set_id = excluded.set_id,
                    steps = excluded.steps, step_keys = excluded.step_keys, objects = excluded.objects,
                    identities = excluded.identities, recorded = excluded.recorded
                """, arguments: [digest, try Self.generation(db), setID, steps, keys, StateDatabase.jsonArray(objects),
                                 StateDatabase.jsonArray(identities), now.timeIntervalSince1970])
            // This run used every identity of the plan itself, later than any touch recorded for it.
            try db.execute(sql: "DELETE FROM identity_touches WHERE digest = ?", arguments: [digest])
            // A plan dropped takes its touch along: the touch moves into the identities' own rows first.
            let dropped = "SELECT digest FROM finished_plans WHERE digest NOT IN (SELECT digest FROM finished_plans ORDER BY recorded DESC, digest LIMIT ?)"
            for row in try Row.fetchAll(db, sql: """
                SELECT t.run_id, t.updated, f.identities FROM identity_touches t JOIN finished_plans f ON f.digest = t.digest
                WHERE t.digest IN (\(dropped))
                """, arguments: [Self.finishedPlansKept]) {
                try db.execute(sql: """
                    UPDATE step_identities SET run_id = ?1, updated = ?2
                    WHERE identity IN (SELECT value FROM json_each(?3)) AND (run_id IS NULL OR run_id < ?1)
                    """, arguments: [row[0], row[1], row[2]])
            }
            try db.execute(sql: "DELETE FROM finished_plans WHERE digest IN (\(dropped))", arguments: [Self.finishedPlansKept])
        }
    }

    /// Records, in one transaction, what a run that reused every step of `plan` did: a
    /// `reused` outcome per execution key, its identities used (one `identity_touches` row
    /// for all of them, which `lastSuccesses` reads as each identity's run), and its
    /// plan-step set. What the step-by-step path records for such a run, in three statements.
    public func recordFinishedPlanReused(_ plan: FinishedPlan, run: Int64, at now: Date = Date()) throws {
        try write("recording run \(run) as a re-run of a finished plan") { db in
            try db.execute(sql: """
                INSERT INTO run_steps (run_id, step_key, outcome) SELECT ?, value, 'reused' FROM json_each(?) WHERE true
                ON CONFLICT (run_id, step_key) DO UPDATE SET outcome = 'reused', started = NULL, ended = NULL, seconds = NULL,
                    reason = NULL
                """, arguments: [run, plan.stepKeysJSON])
            try db.execute(sql: """
                INSERT INTO identity_touches (digest, run_id, updated) VALUES (?, ?, ?)
                ON CONFLICT (digest) DO UPDATE SET run_id = excluded.run_id, updated = excluded.updated
                """, arguments: [plan.digest, run, now.timeIntervalSince1970])
            try db.execute(sql: """
                INSERT INTO run_plan_sets (run_id, set_id) VALUES (?, ?)
                ON CONFLICT (run_id) DO UPDATE SET set_id = excluded.set_id
                """, arguments: [run, plan.setID])
        }
    }

    /// Each object of a finished plan with its verification stamp, if it has one.
    func stamps(ofObjectsIn plan: FinishedPlan) throws -> [(hash: String, stamp: String?)] {
        try read("reading the stamps of a finished plan") { db in
            var out: [(String, String?)] = []
            let rows = try Row.fetchCursor(db, sql: """
                SELECT o.value, s.stamp FROM json_each(?) o LEFT JOIN object_stamps s ON s.hash = o.value
                """, arguments: [plan.objectsJSON])
            while let row = try rows.next() { out.append((row[0], row[1])) }
            return out
        }
    }
}
