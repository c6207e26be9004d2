import Foundation

/// One item of a per-item step's ledger (a translated file, a generated
/// answer): the ledger is cumulative across attempts and runs, so a resumed
/// step redoes only what is not done.
public struct LedgerItem: Sendable, Equatable {
    /// The item's id within the step (a file path in the corpus, an example id).
    public var itemID: String
    /// Engine-defined status word (`ok`, `failed`, `skipped`, ...).
    public var status: String
    /// Attempts at this item. On `upsertLedger` the value given is what this
    /// report adds; the stored value is the running total.
    public var attempts: Int
    public var error: String?
    /// The item's stored output, if it has one.
    public var outputHash: ObjectHash?
    /// Anything else the engine wants kept, as JSON.
    public var extraJSON: String?
    /// When the row last changed (set by the database).
    public var updated: Date?

    public init(itemID: String, status: String, attempts: Int = 1, error: String? = nil,
                outputHash: ObjectHash? = nil, extraJSON: String? = nil, updated: Date? = nil) {
        self.itemID = itemID
        self.status = status
        self.attempts = attempts
        self.error = error
        self.outputHash = outputHash
        self.extraJSON = extraJSON
        self.updated = updated
    }
}
