import Foundation

/// Knobs of a transpile run. All of them belong in the step key.
public struct TranspileOptions: Sendable, Equatable, Codable {
    /// Files larger than this many bytes are skipped with a reason.
    public var maxBytes: Int
    /// Write number literals in the pack's native digits, when it has them.
    public var numerals: Bool
    /// Reverse every output and require the original back byte for byte.
    public var verifyRoundTrip: Bool
    /// Also compile the reversed file with `python3` (slow: off by default).
    public var compileCheck: Bool
    /// The Python interpreter used by `compileCheck`.
    public var python: String

    /// Creates options; the defaults are what the transpile engine uses.
    public init(maxBytes: Int = 1 << 20, numerals: Bool = true, verifyRoundTrip: Bool = true,
                compileCheck: Bool = false, python: String = "python3") {
        self.maxBytes = maxBytes
        self.numerals = numerals
        self.verifyRoundTrip = verifyRoundTrip
        self.compileCheck = compileCheck
        self.python = python
    }
}
