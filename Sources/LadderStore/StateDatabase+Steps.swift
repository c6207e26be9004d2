import Foundation
import GRDB
import LadderCore

extension StateDatabase {
    /// Inserts steps or refreshes what their keys were made of, in one
    /// transaction. A known step keeps its status: being planned again does
    /// not undo a success.
    public func upsertSteps(_ steps: [StepRecord]) throws {
        guard !steps.isEmpty else { return }
        try write("recording \(steps.count) planned steps") { db in
            let stmt = try db.cachedStatement(sql: """
                INSERT INTO steps (key, engine, identity, params, ingredients, status, updated)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (key) DO UPDATE SET engine = excluded.engine, identity = excluded.identity,
                    params = excluded.params, ingredients = excluded.ingredients
                """)
            // Stable sort by key: the primary key is walked in order, and the last record for a key still wins.
            for s in steps.sorted(by: { $0.key < $1.key }) {
                try stmt.execute(arguments: [s.key, s.engine, s.identityJSON, s.paramsJSON, s.ingredientsJSON,
                                             s.status.rawValue, s.updated.timeIntervalSince1970])
            }
        }
    }

    /// The stored steps among `keys` (one query however many keys).
    public func steps(keys: [String]) throws -> [String: StepRecord] {
        try read("reading \(keys.count) steps") { db in
            var out: [String: StepRecord] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM steps WHERE key IN (SELECT value FROM json_each(?))",
                                           arguments: [StateDatabase.jsonArray(keys)])
            while let row = try rows.next() {
                let status: String = row["status"]
                let s = StepRecord(key: row["key"], engine: row["engine"], identityJSON: row["identity"], paramsJSON: row["params"],
                                   ingredientsJSON: row["ingredients"], status: StepStatus(rawValue: status) ?? .planned,
                                   updated: Date(timeIntervalSince1970: row["updated"]))
                out[s.key] = s
            }
            return out
        }
    }

    /// The stored identity JSON of the steps among `keys` (one query however many keys):
    /// what a re-run compares before rewriting a reused step's row, without reading
    /// its parameters and ingredients.
    public func stepIdentities(keys: [String]) throws -> [String: String] {
        try read("reading identities of \(keys.count) steps") { db in
            var out: [String: String] = [:]
            out.reserveCapacity(keys.count)
            let rows = try Row.fetchCursor(db, sql: "SELECT key, identity FROM steps WHERE key IN (SELECT value FROM json_each(?))",
                                           arguments: [StateDatabase.jsonArray(keys)])
            while let row = try rows.next() { out[row[0]] = row[1] as String }
            return out
        }
    }

    /// The outputs of every step among `keys` whose status is `succeeded`
    /// (output name → object). A succeeded step with no outputs maps to an
    /// empty dictionary; keys absent from the result have no success.
    /// One query for any number of keys: what a no-op re-run asks first.
    public func succeededOutputs(keys: [String]) throws -> [String: [String: ObjectHash]] {
        try read("reading outputs of \(keys.count) steps") { db in
            var out: [String: [String: ObjectHash]] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT s.key, o.name, o.hash FROM steps s LEFT JOIN outputs o ON o.step_key = s.key
                WHERE s.key IN (SELECT value FROM json_each(?)) AND s.status = 'succeeded'
                """, arguments: [StateDatabase.jsonArray(keys)])
            while let row = try rows.next() {
                let key: String = row[0]
                var outputs = out[key] ?? [:]
                if let name: String = row[1], let hex: String = row[2] {
                    // A malformed hash reads as missing output: the step re-runs.
                    guard let hash = try? ObjectHash(hex) else { continue }
                    outputs[name] = hash
                }
                out[key] = outputs
            }
            return out
        }
    }

    /// The recorded outputs of one step, whatever its status.
    public func outputs(stepKey: String) throws -> [String: ObjectHash] {
        try read("reading outputs of step \(stepKey.prefix(12))") { db in
            var out: [String: ObjectHash] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT name, hash FROM outputs WHERE step_key = ?", arguments: [stepKey]) {
                if let h = try? ObjectHash(row[1] as String) { out[row[0]] = h }
            }
            return out
        }
    }

    /// Records (or overwrites) the outcome of steps in a run, in one
    /// transaction: a no-op re-run writes ten thousand `reused` rows at once.
    public func recordOutcomes(_ records: [RunStepRecord]) throws {
        guard !records.isEmpty else { return }
        // The last record for a run and key wins, as row by row.
        var latest: [RunStepKey: RunStepRecord] = [:]
        latest.reserveCapacity(records.count)
        for r in records { latest[RunStepKey(run: r.runID, step: r.stepKey)] = r }
        // In key order the inserts walk the primary key instead of seeking a random page each.
        let ordered = latest.values.sorted { ($0.runID, $0.stepKey) < ($1.runID, $1.stepKey) }
        // Outcomes with no times and no reason (the reused steps of a re-run: all ten
        // thousand of a run that does nothing) go in as one statement.
        let plain = ordered.filter { $0.started == nil && $0.ended == nil && $0.seconds == nil && $0.reason == nil }
        let detailed = ordered.filter { $0.started != nil || $0.ended != nil || $0.seconds != nil || $0.reason != nil }
        try write("recording \(records.count) step outcomes") { db in
            if !plain.isEmpty {
                let rows = Value.array(plain.map { Value.array([.int(Int($0.runID)), .string($0.stepKey), .string($0.outcome.rawValue)]) })
                try db.execute(sql: """
                    INSERT INTO run_steps (run_id, step_key, outcome, started, ended, seconds, reason)
                    SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2, NULL, NULL, NULL, NULL FROM json_each(?) j WHERE true
                    ON CONFLICT (run_id, step_key) DO UPDATE SET outcome = excluded.outcome, started = NULL, ended = NULL,
                        seconds = NULL, reason = NULL
                    """, arguments: [rows.canonicalJSON])
            }
            let stmt = try db.cachedStatement(sql: """
                INSERT INTO run_steps (run_id, step_key, outcome, started, ended, seconds, reason) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (run_id, step_key) DO UPDATE SET outcome = excluded.outcome, started = excluded.started,
                    ended = excluded.ended, seconds = excluded.seconds, reason = excluded.reason
                """)
            for r in detailed {
                try stmt.execute(arguments: [r.runID, r.stepKey, r.outcome.rawValue, r.started?.timeIntervalSince1970,
                                             r.ended?.timeIntervalSince1970, r.seconds, r.reason])
            }
        }
    }

    /// A `run_steps` primary key.
    private struct RunStepKey: Hashable {
        var run: Int64
        var step: String
    }

    /// The steps of a run, optionally only those with one outcome (e.g. the
    /// failed ones), in the order they were recorded.
    public func runSteps(run: Int64, outcome: StepOutcome? = nil) throws -> [RunStepRecord] {
        try read("reading the steps of run \(run)") { db in
            var sql = "SELECT * FROM run_steps WHERE run_id = ?"
            var args: StatementArguments = [run]
            if let outcome {
                sql += " AND outcome = ?"
                args += [outcome.rawValue]
            }
            sql += " ORDER BY coalesce(started, ended), step_key"
            return try Row.fetchAll(db, sql: sql, arguments: args).map { row in
                let outcome: String = row["outcome"]
                return RunStepRecord(runID: row["run_id"], stepKey: row["step_key"], outcome: StepOutcome(rawValue: outcome) ?? .failed,
                                     started: StateDatabase.date(row["started"]), ended: StateDatabase.date(row["ended"]), seconds: row["seconds"], reason: row["reason"])
            }
        }
    }

    /// Outcome counts of a run (for `ladder status` and `run --json`).
    public func outcomeCounts(run: Int64) throws -> [StepOutcome: Int] {
        try read("counting the steps of run \(run)") { db in
            var out: [StepOutcome: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT outcome, count(*) FROM run_steps WHERE run_id = ? GROUP BY outcome", arguments: [run]) {
                if let o = StepOutcome(rawValue: row[0]) { out[o] = row[1] }
            }
            return out
        }
    }
}
