import Foundation

/// A YAML node with its source location, the only shape the spec parser reads.
/// Mappings keep their keys in file order.
public indirect enum YAMLNode: Sendable {
    case scalar(String, quoted: Bool, SourceLocation)
    case sequence([YAMLNode], SourceLocation)
    case mapping([(key: String, keyLocation: SourceLocation, value: YAMLNode)], SourceLocation)

    public var location: SourceLocation {
        switch self {
        case .scalar(_, _, let l), .sequence(_, let l), .mapping(_, let l): return l
        }
    }

    /// A word for error messages: "a mapping", "a list", "a scalar".
    public var kindName: String {
        switch self {
        case .scalar: return "a scalar"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }

    /// Parses YAML text into located nodes through libyaml's event parser.
    /// Syntax errors, anchors, aliases, duplicate keys and extra documents
    /// become `SpecError`s at their place in the file.
    public static func parse(_ text: String, file: String) throws -> YAMLNode {
        try YAMLTreeBuilder(reader: YAMLEventReader(text: text, file: file), file: file).document()
    }
}
