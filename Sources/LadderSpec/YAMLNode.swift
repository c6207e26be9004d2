import Foundation
import Yams

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

    /// Parses YAML text into located nodes; syntax errors become `SpecError`s.
    public static func parse(_ text: String, file: String) throws -> YAMLNode {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw SpecError("the file is empty", at: SourceLocation(file: file, line: 1, column: 1),
                                hint: "a ladder starts with `ladder: NAME`")
            }
            return try convert(node, file: file)
        } catch let error as YamlError {
            throw syntaxError(error, file: file)
        }
    }

    private static func location(_ mark: Mark?, _ file: String) -> SourceLocation {
        SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    private static func convert(_ node: Node, file: String) throws -> YAMLNode {
        let loc = location(node.mark, file)
        switch node {
        case .scalar(let s):
            return .scalar(s.string, quoted: s.style != .plain, loc)
        case .sequence(let seq):
            return .sequence(try seq.map { try convert($0, file: file) }, loc)
        case .mapping(let map):
            var pairs: [(key: String, keyLocation: SourceLocation, value: YAMLNode)] = []
            var seen: [String: SourceLocation] = [:]
            for (k, v) in map {
                guard case .scalar(let ks) = k else {
                    throw SpecError("mapping keys must be plain words", at: location(k.mark, file))
                }
                let kloc = location(k.mark, file)
                if let first = seen[ks.string] {
                    throw SpecError("duplicate key '\(ks.string)' (first at line \(first.line))", at: kloc,
                                    hint: "merge the two entries into one")
                }
                seen[ks.string] = kloc
                pairs.append((ks.string, kloc, try convert(v, file: file)))
            }
            return .mapping(pairs, loc)
        case .alias:
            throw SpecError("YAML aliases are not supported in ladders", at: loc,
                            hint: "use step templates and overrides instead of anchors")
        }
    }

    private static func syntaxError(_ error: YamlError, file: String) -> SpecError {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let ctx = context.map { " \($0.text)" } ?? ""
            return SpecError("YAML syntax: \(problem)\(ctx)", at: location(mark, file),
                             hint: "check indentation, colons and brackets on this line or the one above")
        case .reader(let problem, _, _, _):
            return SpecError("YAML cannot be read: \(problem)", at: location(nil, file), hint: "the file must be UTF-8 text")
        default:
            return SpecError("YAML error: \(error)", at: location(nil, file))
        }
    }
}
