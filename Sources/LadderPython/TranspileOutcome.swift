import Foundation

/// What transpiling one file produced: the translated bytes (only when the
/// row is ok) and the ledger row.
public struct TranspileOutcome: Sendable {
    /// The native-language file, or nil when `row.status` is not ok.
    public var output: [UInt8]?
    /// The file's ledger row.
    public var row: TranspileLedgerRow
}
