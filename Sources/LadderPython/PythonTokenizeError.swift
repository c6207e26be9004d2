import Foundation

/// Why a Python source could not be tokenized, and where.
///
/// Thrown by `PythonTokenizer.tokenize()`. Line is 1-based; column is the
/// 0-based UTF-8 byte offset within the line, like the tokens' columns.
public struct PythonTokenizeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of defect. Raw values are stable and used in ledger reasons.
    public enum Reason: String, Sendable, Equatable, CaseIterable {
        /// Bytes that are not well-formed UTF-8.
        case invalidUTF8 = "invalid-utf8"
        /// A NUL byte, which CPython rejects in source.
        case nulByte = "nul-byte"
        /// A single-quoted string reaching a line break or end of file.
        case unterminatedString = "unterminated-string"
        /// A triple-quoted string reaching end of file.
        case unterminatedTripleQuotedString = "unterminated-triple-quoted-string"
        /// An f-string or one of its replacement fields left open.
        case unterminatedFString = "unterminated-f-string"
        /// A dedent to a column that matches no enclosing block.
        case inconsistentDedent = "inconsistent-dedent"
        /// Tabs and spaces mixed so the block structure depends on tab width.
        case inconsistentTabs = "inconsistent-tabs"
        /// End of file inside open brackets.
        case eofInMultiLineStatement = "eof-in-multi-line-statement"
    }

    /// The kind of defect.
    public var reason: Reason
    /// 1-based line where the defect starts.
    public var line: Int
    /// 0-based byte column where the defect starts.
    public var column: Int

    /// Creates an error.
    public init(_ reason: Reason, line: Int, column: Int) {
        self.reason = reason
        self.line = line
        self.column = column
    }

    /// What went wrong and what to do, with the location first.
    public var description: String {
        "line \(line), column \(column): \(explanation)"
    }

    private var explanation: String {
        switch reason {
        case .invalidUTF8:
            return "bytes are not valid UTF-8; re-encode the file as UTF-8"
        case .nulByte:
            return "source contains a NUL byte; Python rejects it, remove it"
        case .unterminatedString:
            return "unterminated string literal; close the quote on the same line"
        case .unterminatedTripleQuotedString:
            return "unterminated triple-quoted string; it runs to the end of the file"
        case .unterminatedFString:
            return "unterminated f-string or replacement field; close the quote or brace"
        case .inconsistentDedent:
            return "unindent does not match any outer indentation level"
        case .inconsistentTabs:
            return "inconsistent use of tabs and spaces in indentation"
        case .eofInMultiLineStatement:
            return "end of file inside an open bracket; a bracket opened earlier is never closed"
        }
    }
}
