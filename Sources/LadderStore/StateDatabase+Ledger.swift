import Foundation
import GRDB

extension StateDatabase {
    /// Merges item records into a step's ledger in one transaction. Each
    /// item's row is inserted or updated; `attempts` accumulate; items not
    /// mentioned are untouched. Nothing ever wipes a ledger, so a resumed
    /// step keeps what earlier attempts finished.
    public func upsertLedger(stepKey: String, items: [LedgerItem], at now: Date = Date()) throws {
        guard !items.isEmpty else { return }
        try write("recording \(items.count) ledger items of step \(stepKey.prefix(12))") { db in
            let stmt = try db.cachedStatement(sql: """
                INSERT INTO ledger_items (step_key, item_id, status, attempts, error, output_hash, extra, updated)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (step_key, item_id) DO UPDATE SET status = excluded.status,
                    attempts = ledger_items.attempts + excluded.attempts, error = excluded.error,
                    output_hash = coalesce(excluded.output_hash, ledger_items.output_hash),
                    extra = coalesce(excluded.extra, ledger_items.extra), updated = excluded.updated
                """)
            for item in items {
                try stmt.execute(arguments: [stepKey, item.itemID, item.status, item.attempts, item.error,
                                             item.outputHash?.hex, item.extraJSON, now.timeIntervalSince1970])
            }
        }
    }

    /// A step's ledger, optionally only items with one status, ordered by item id.
    public func ledger(stepKey: String, status: String? = nil) throws -> [LedgerItem] {
        try read("reading the ledger of step \(stepKey.prefix(12))") { db in
            var sql = "SELECT * FROM ledger_items WHERE step_key = ?"
            var args: StatementArguments = [stepKey]
            if let status {
                sql += " AND status = ?"
                args += [status]
            }
            return try Row.fetchAll(db, sql: sql + " ORDER BY item_id", arguments: args).map { row in
                let hash: String? = row["output_hash"]
                return LedgerItem(itemID: row["item_id"], status: row["status"], attempts: row["attempts"], error: row["error"],
                                  outputHash: hash.flatMap { try? ObjectHash($0) }, extraJSON: row["extra"],
                                  updated: StateDatabase.date(row["updated"]))
            }
        }
    }

    /// Item counts per status of a step's ledger.
    public func ledgerCounts(stepKey: String) throws -> [String: Int] {
        try read("counting the ledger of step \(stepKey.prefix(12))") { db in
            var out: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT status, count(*) FROM ledger_items WHERE step_key = ? GROUP BY status", arguments: [stepKey]) {
                out[row[0]] = row[1]
            }
            return out
        }
    }

    /// Metrics (name → JSON text) of the steps among `keys`, in one query.
    public func metrics(keys: [String]) throws -> [String: [String: String]] {
        try read("reading metrics of \(keys.count) steps") { db in
            var out: [String: [String: String]] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT step_key, name, value FROM metrics WHERE step_key IN (SELECT value FROM json_each(?))",
                                           arguments: [StateDatabase.jsonArray(keys)])
            while let row = try rows.next() {
                out[row[0], default: [:]][row[1]] = row[2]
            }
            return out
        }
    }
}
