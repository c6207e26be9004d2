/// Splits Python source into the code tokens near-dedup shingles are built from.
///
/// Implementations return the byte ranges of every token that is code: names,
/// keywords, numbers, strings and operators, in source order. Comments, newlines,
/// indentation and the end marker are left out, so reformatting or re-commenting a
/// file does not hide a duplicate.
public protocol CodeTokenizer: Sendable {
    /// A short name recorded in the subset report.
    var name: String { get }
    /// The code tokens of `source`; throws when the source cannot be tokenized.
    func codeTokens(in source: [UInt8]) throws -> [Range<Int>]
}
