import Foundation

/// Translates one batch of segments, or one whole file. Implementations:
/// `ChatTranslator` (a chat API) and `GlossaryTranslator` (offline).
protocol SegmentTranslator: Sendable {
    /// One translation per segment, in order; throws `CallFailure`.
    func segments(_ kind: SegmentKind, _ texts: [String], label: String, stats: inout CallStats) throws -> [String]
    /// The whole file translated; throws `CallFailure`.
    func wholeFile(_ source: String, label: String, stats: inout CallStats) throws -> String
}
