import Foundation
import LadderCore

/// A located mistake in a ladder file, rendered as
/// `file:line:col: error: message`, the offending line, a caret and a hint.
public struct SpecError: Error, Sendable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String
    public var hint: String?
    /// The text of the offending line, filled in when the source is known.
    public var lineText: String?

    public init(_ message: String, at location: SourceLocation, hint: String? = nil) {
        self.message = message
        self.location = location
        self.hint = hint
    }

    public var description: String {
        var out = "\(location): error: \(message)"
        if let lineText {
            out += "\n    \(lineText)\n    " + String(repeating: " ", count: max(0, caretOffset(in: lineText))) + "^"
        }
        if let hint { out += "\n  hint: \(hint)" }
        return out
    }

    /// Columns count Unicode scalars, so the caret sits under the same scalar
    /// (one cell each, which is right for ASCII-indented YAML).
    private func caretOffset(in line: String) -> Int {
        min(max(0, location.column - 1), line.unicodeScalars.count)
    }

    /// Attaches the offending line from `source`.
    public func withSource(_ source: String) -> SpecError {
        var copy = self
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        if location.line >= 1, location.line <= lines.count {
            copy.lineText = String(lines[location.line - 1]).replacingOccurrences(of: "\r", with: "")
        }
        return copy
    }

    /// The same error as a command-line error (exit code 2).
    public var asLadderError: LadderError { .badInput(description) }
}

/// Several located mistakes found in one pass (e.g. every missing file a ladder
/// names), reported together so a ladder is not fixed one run at a time.
public struct SpecErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [SpecError]

    public init(_ errors: [SpecError]) { self.errors = errors }

    public var description: String {
        errors.map(\.description).joined(separator: "\n") + (errors.count > 1 ? "\n\(errors.count) problems" : "")
    }

    /// Attaches the offending lines from `source`.
    public func withSource(_ source: String) -> SpecErrors { SpecErrors(errors.map { $0.withSource(source) }) }

    public var asLadderError: LadderError { .badInput(description) }
}
