import Foundation
import GRDB

extension StateDatabase {
    /// Every schema change, in order. Never edit a registered migration:
    /// add a new one, so that existing stores upgrade in place.
    static let migrator: DatabaseMigrator = {
        var m = DatabaseMigrator()
        m.registerMigration("v1-initial") { db in
            try db.execute(sql: schemaV1)
        }
        m.registerMigration("v2-step-identities") { db in
            try db.execute(sql: schemaV2)
        }
        m.registerMigration("v3-run-plan-steps") { db in
            try db.execute(sql: schemaV3)
        }
        m.registerMigration("v4-plan-step-sets") { db in
            try db.execute(sql: schemaV4)
            // Each run's rows move into the set with their digest (one set for runs that served the same).
            for run in try Int64.fetchAll(db, sql: "SELECT DISTINCT run_id FROM run_plan_steps ORDER BY run_id") {
                let rows = try Row.fetchAll(db, sql: "SELECT plan_key, step_key, users FROM run_plan_steps WHERE run_id = ? ORDER BY plan_key",
                                            arguments: [run]).map { RunPlanStep(planKey: $0[0], stepKey: $0[1], usersJSON: $0[2]) }
                let set = try planStepSet(db, rows: rows)
                try db.execute(sql: "INSERT INTO run_plan_sets (run_id, set_id) VALUES (?, ?)", arguments: [run, set])
            }
            try db.execute(sql: "DROP TABLE run_plan_steps")
        }
        m.registerMigration("v5-run-steps-without-step-index") { db in
            // Nothing looks run steps up by step key (every query names the run, the primary
            // key's first column), and steps rows are never deleted or re-keyed, so foreign-key
            // enforcement never needs it either. It cost every run a new entry beside each
            // step's entries of all earlier runs: a re-run of 10k steps dirtied the whole index.
            try db.execute(sql: "DROP INDEX run_steps_by_step")
        }
        m.registerMigration("v6-finished-plans") { db in
            try db.execute(sql: schemaV6)
        }
        return m
    }()

    // Times are REAL seconds since 1970 (sortable, exact to the microsecond).
    // Tables keyed by text are WITHOUT ROWID so the primary key is the index.
    private static let schemaV1 = """
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE,
        ladder_path TEXT NOT NULL,
        ladder_hash TEXT NOT NULL,
        started REAL NOT NULL,
        ended REAL,
        status TEXT NOT NULL CHECK (status IN ('running','succeeded','failed','interrupted')),
        host TEXT NOT NULL,
        command_line TEXT NOT NULL CHECK (json_valid(command_line))
    );
    CREATE TABLE steps (
        key TEXT PRIMARY KEY NOT NULL,
        engine TEXT NOT NULL,
        identity TEXT NOT NULL CHECK (json_valid(identity)),
        params TEXT NOT NULL CHECK (json_valid(params)),
        ingredients TEXT NOT NULL CHECK (json_valid(ingredients)),
        status TEXT NOT NULL CHECK (status IN ('planned','running','succeeded','failed','interrupted')),
        updated REAL NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE run_steps (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        step_key TEXT NOT NULL REFERENCES steps(key),
        outcome TEXT NOT NULL CHECK (outcome IN ('executed','reused','failed','skipped','interrupted')),
        started REAL,
        ended REAL,
        seconds REAL,
        reason TEXT,
        PRIMARY KEY (run_id, step_key)
    ) WITHOUT ROWID;
    CREATE INDEX run_steps_by_step ON run_steps(step_key);
    CREATE TABLE attempts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        step_key TEXT NOT NULL REFERENCES steps(key),
        run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
        number INTEGER NOT NULL,
        started REAL NOT NULL,
        ended REAL,
        status TEXT NOT NULL CHECK (status IN ('running','succeeded','failed','interrupted')),
        exit_status INTEGER,
        reason TEXT,
        host TEXT NOT NULL,
        resources TEXT NOT NULL CHECK (json_valid(resources)),
        log_hash TEXT,
        UNIQUE (step_key, number)
    );
    CREATE INDEX attempts_by_run ON attempts(run_id);
    CREATE INDEX attempts_open ON attempts(status) WHERE status = 'running';
    CREATE TABLE outputs (
        step_key TEXT NOT NULL REFERENCES steps(key),
        name TEXT NOT NULL,
        hash TEXT NOT NULL,
        attempt_id INTEGER REFERENCES attempts(id),
        PRIMARY KEY (step_key, name)
    ) WITHOUT ROWID;
    CREATE INDEX outputs_by_hash ON outputs(hash);
    CREATE TABLE ledger_items (
        step_key TEXT NOT NULL REFERENCES steps(key),
        item_id TEXT NOT NULL,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        error TEXT,
        output_hash TEXT,
        extra TEXT CHECK (extra IS NULL OR json_valid(extra)),
        updated REAL NOT NULL,
        PRIMARY KEY (step_key, item_id)
    ) WITHOUT ROWID;
    CREATE INDEX ledger_by_status ON ledger_items(step_key, status);
    CREATE TABLE metrics (
        step_key TEXT NOT NULL REFERENCES steps(key),
        name TEXT NOT NULL,
        value TEXT NOT NULL CHECK (json_valid(value)),
        PRIMARY KEY (step_key, name)
    ) WITHOUT ROWID;
    CREATE TABLE object_stamps (
        hash TEXT PRIMARY KEY NOT NULL,
        stamp TEXT NOT NULL,
        verified REAL NOT NULL
    ) WITHOUT ROWID;
    """

    // Which execution key last stood for a step identity (condition, cell, step
    // name and fan-out value): what `plan`, `explain` and `run` compare a step's
    // key ingredients against to say why it runs.
    private static let schemaV2 = """
    CREATE TABLE step_identities (
        identity TEXT PRIMARY KEY NOT NULL,
        step_key TEXT NOT NULL REFERENCES steps(key),
        run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
        updated REAL NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX step_identities_by_step ON step_identities(step_key);
    """

    // Which plan steps a run served, with their users, and the execution key
    // each resolved to. `run_steps` has one row per execution key, so two plan
    // steps whose inputs came out byte-identical (one execution key) would
    // otherwise be told apart by nothing: the diff and the report read this.
    private static let schemaV3 = """
    CREATE TABLE run_plan_steps (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        plan_key TEXT NOT NULL,
        step_key TEXT NOT NULL REFERENCES steps(key),
        users TEXT NOT NULL CHECK (json_valid(users)),
        PRIMARY KEY (run_id, plan_key)
    ) WITHOUT ROWID;
    """

    // `run_plan_steps` held every plan step of every run with its users: a re-run that
    // changed nothing wrote ten thousand rows (megabytes of users) the same as the last
    // run's. The rows are now kept once per distinct set, named by their digest
    // (`StateDatabase.planStepSetDigest`), and a run points at its set.
    private static let schemaV4 = """
    CREATE TABLE plan_step_sets (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        digest TEXT NOT NULL UNIQUE
    );
    CREATE TABLE plan_step_set_rows (
        set_id INTEGER NOT NULL REFERENCES plan_step_sets(id),
        plan_key TEXT NOT NULL,
        step_key TEXT NOT NULL REFERENCES steps(key),
        users TEXT NOT NULL CHECK (json_valid(users)),
        PRIMARY KEY (set_id, plan_key)
    ) WITHOUT ROWID;
    CREATE TABLE run_plan_sets (
        run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
        set_id INTEGER NOT NULL REFERENCES plan_step_sets(id)
    );
    """

    // A finished plan (`StateDatabase+FinishedPlans.swift`) stands for a whole run that
    // reused everything, as long as nothing it depends on changed since it was recorded.
    // `store_generation` counts those changes: the triggers bump it on every change to
    // what a run's reuse decisions read (recorded outputs, a step's status or identity,
    // a ledger item, which key serves an identity, a deleted step or plan-step set),
    // whoever makes it (a run, `gc`, `fsck`, a future command). Run records, stamps and
    // identity touches leave it alone. `identity_touches` says that a run used every identity
    // of a finished plan, in one row instead of one per identity (`lastSuccesses` reads it).
    private static let schemaV6 = """
    CREATE TABLE store_generation (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        value INTEGER NOT NULL
    );
    INSERT INTO store_generation (id, value) VALUES (1, 0);
    CREATE TABLE finished_plans (
        digest TEXT PRIMARY KEY NOT NULL,
        generation INTEGER NOT NULL,
        set_id INTEGER NOT NULL REFERENCES plan_step_sets(id),
        steps TEXT NOT NULL,
        step_keys TEXT NOT NULL CHECK (json_valid(step_keys)),
        objects TEXT NOT NULL CHECK (json_valid(objects)),
        identities TEXT NOT NULL CHECK (json_valid(identities)),
        recorded REAL NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE identity_touches (
        digest TEXT PRIMARY KEY NOT NULL REFERENCES finished_plans(digest) ON DELETE CASCADE,
        run_id INTEGER NOT NULL,
        updated REAL NOT NULL
    ) WITHOUT ROWID;
    CREATE TRIGGER generation_outputs_insert AFTER INSERT ON outputs
        BEGIN UPDATE store_generation SET value = value + 1; END;
    CREATE TRIGGER generation_outputs_update AFTER UPDATE ON outputs
        BEGIN UPDATE store_generation SET value = value + 1; END;
    CREATE TRIGGER generation_outputs_delete AFTER DELETE ON outputs
        BEGIN UPDATE store_generation SET value = value + 1; END;
    CREATE TRIGGER generation_steps_update AFTER UPDATE ON steps
        WHEN old.status IS NOT new.status OR old.identity IS NOT new.identity
        BEGIN UPDATE store_generation SET value = value + 1; END;
    CREATE TRIGGER generation_steps_delete AFTER DELETE ON steps
        BEGIN UPDATE store_generation SET value = value + 1; END;
    CREATE TRIGGER generation_ledger_insert AFTER INSERT ON ledger_items
        BEGIN UPDATE store_generation SET value = value + 1; END;
    CREATE TRIGGER generation_ledger_update AFTER UPDATE ON ledger_items
        BEGIN UPDATE store_generation SET value = value + 1; END;
    CREATE TRIGGER generation_ledger_delete AFTER DELETE ON ledger_items
        BEGIN UPDATE store_generation SET value = value + 1; END;
    CREATE TRIGGER generation_identities_insert AFTER INSERT ON step_identities
        BEGIN UPDATE store_generation SET value = value + 1; END;
    CREATE TRIGGER generation_identities_update AFTER UPDATE ON step_identities
        WHEN old.step_key IS NOT new.step_key
        BEGIN UPDATE store_generation SET value = value + 1; END;
    CREATE TRIGGER generation_identities_delete AFTER DELETE ON step_identities
        BEGIN UPDATE store_generation SET value = value + 1; END;
    CREATE TRIGGER generation_plan_sets_delete AFTER DELETE ON plan_step_sets
        BEGIN UPDATE store_generation SET value = value + 1; END;
    """
}

extension StateDatabase {
    /// Creates the database at `url` with the schema as it was after `migration`, then runs
    /// `statements`: how tests build the store an older version left, to check its upgrade.
    static func createOlder(at url: URL, upTo migration: String, statements: [String]) throws {
        let pool = try DatabasePool(path: url.path)
        try migrator.migrate(pool, upTo: migration)
        try pool.write { db in for s in statements { try db.execute(sql: s) } }
    }

    /// How many distinct plan-step sets the database holds.
    func planStepSetCount() throws -> Int {
        try read("counting plan-step sets") { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM plan_step_sets") ?? 0 }
    }
}
