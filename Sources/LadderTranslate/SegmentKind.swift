import Foundation

/// The parts of a Python file the `segments` mode translates, each in its own
/// batched calls so the prompt can say what it is sending.
public enum SegmentKind: String, Sendable, CaseIterable, Codable {
    /// Names the file itself binds (variables, functions, classes, parameters, attributes):
    /// one mapping per file, applied to every use.
    case identifiers
    /// `#` comments (not the shebang, the coding line or tool directives such as `# type:`).
    case comments
    /// String statements standing alone (module, class and function docstrings).
    case docstrings
    /// Other string literals (not bytes, not f-strings).
    case strings
}
