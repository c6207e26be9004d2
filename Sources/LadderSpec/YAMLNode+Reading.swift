import Foundation
import LadderCore

extension YAMLNode {
    /// The node as a typed value. Plain scalars follow YAML 1.2's core schema
    /// (integers, floats, true/false, null); quoted scalars are always strings.
    public func toValue() -> Value {
        switch self {
        case .scalar(let s, let quoted, _):
            return quoted ? .string(s) : YAMLNode.resolvePlain(s)
        case .sequence(let items, _):
            return .array(items.map { $0.toValue() })
        case .mapping(let pairs, _):
            var o: [String: Value] = [:]
            for p in pairs { o[p.key] = p.value.toValue() }
            return .object(o)
        }
    }

    /// YAML 1.2 core-schema resolution of a plain scalar. YAML's `.nan` and
    /// `.inf` forms resolve to non-finite doubles, so callers can see and refuse
    /// them; plain `nan`, `inf` and `infinity` are words (`nan` is the ISO 639-3
    /// code of Min Nan Chinese), as the core schema says.
    static func resolvePlain(_ s: String) -> Value {
        switch s {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".nan", ".NaN", ".NAN": return .double(.nan)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .double(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .double(-.infinity)
        default: break
        }
        if let i = Int(s) { return .int(i) }
        if s.first.map({ $0.isNumber || $0 == "-" || $0 == "+" || $0 == "." }) == true,
           s.allSatisfy({ $0.isNumber || "+-.eE".contains($0) }), let d = Double(s) {
            return .double(d)
        }
        return .string(s)
    }

    /// `toValue()` for parameters, settings, variables and axis values: a plain
    /// scalar that reads as NaN or an infinity (`.nan`, `-.inf`, `1e400`) is
    /// refused where it stands, since such a number has no faithful place in a
    /// step's parameters.
    func finiteValue() throws -> Value {
        try checkFiniteNumbers()
        return toValue()
    }

    /// Throws at the first plain scalar in this node that reads as a non-finite number.
    func checkFiniteNumbers() throws {
        switch self {
        case .scalar(let s, let quoted, let location):
            guard !quoted, case .double(let d) = YAMLNode.resolvePlain(s), !d.isFinite else { return }
            throw SpecError("parameter values must be finite numbers; found '\(s)'", at: location,
                            hint: "quote it ('\(s)') if you mean the text")
        case .sequence(let items, _):
            for item in items { try item.checkFiniteNumbers() }
        case .mapping(let pairs, _):
            for pair in pairs { try pair.value.checkFiniteNumbers() }
        }
    }

    /// The scalar text, or an error saying what was expected.
    public func string(_ what: String) throws -> String {
        guard case .scalar(let s, _, _) = self else {
            throw SpecError("\(what) must be a single value, found \(kindName)", at: location)
        }
        return s
    }

    public func int(_ what: String) throws -> Int {
        let s = try string(what)
        guard let i = Int(s) else { throw SpecError("\(what) must be a whole number, found '\(s)'", at: location) }
        return i
    }

    public func double(_ what: String) throws -> Double {
        let s = try string(what)
        guard let d = Double(s) else { throw SpecError("\(what) must be a number, found '\(s)'", at: location) }
        return d
    }

    public func bool(_ what: String) throws -> Bool {
        switch try string(what) {
        case "true", "True", "yes": return true
        case "false", "False", "no": return false
        case let s: throw SpecError("\(what) must be true or false, found '\(s)'", at: location)
        }
    }

    /// A list of scalars; a single scalar counts as a list of one.
    public func strings(_ what: String) throws -> [String] {
        switch self {
        case .scalar: return [try string(what)]
        case .sequence(let items, _): return try items.map { try $0.string("each entry of \(what)") }
        case .mapping: throw SpecError("\(what) must be a list, found a mapping", at: location)
        }
    }

    public func mapping(_ what: String) throws -> MappingReader {
        guard case .mapping(let pairs, let loc) = self else {
            throw SpecError("\(what) must be a mapping (key: value), found \(kindName)", at: location)
        }
        return MappingReader(what: what, pairs: pairs, location: loc)
    }
}

/// Reads a YAML mapping key by key and rejects keys nobody asked for,
/// suggesting the closest known one.
public struct MappingReader {
    public let what: String
    public let pairs: [(key: String, keyLocation: SourceLocation, value: YAMLNode)]
    public let location: SourceLocation

    public var keys: [String] { pairs.map(\.key) }

    public func value(_ key: String) -> YAMLNode? { pairs.first { $0.key == key }?.value }

    public func required(_ key: String) throws -> YAMLNode {
        guard let v = value(key) else {
            throw SpecError("\(what) needs '\(key)'", at: location, hint: "add `\(key): ...`")
        }
        return v
    }

    public func keyLocation(_ key: String) -> SourceLocation {
        pairs.first { $0.key == key }?.keyLocation ?? location
    }

    /// Fails on the first key not in `known`.
    public func check(known: [String]) throws {
        for p in pairs where !known.contains(p.key) {
            throw SpecError("unknown key '\(p.key)' in \(what)", at: p.keyLocation,
                            hint: Suggestion.hint(for: p.key, in: known, noun: "key"))
        }
    }
}
