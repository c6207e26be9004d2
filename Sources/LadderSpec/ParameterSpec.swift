import Foundation
import LadderCore

/// The type a parameter's value must have.
public indirect enum ParameterType: Sendable, Equatable, CustomStringConvertible {
    case string, int, number, bool, object, any
    case list(ParameterType)
    /// Any of several types (e.g. a number or a list of numbers).
    case oneOf([ParameterType])

    /// Reads the spelling used in `params_schema:` (`string`, `int`, `number`, `bool`,
    /// `object`, `any`, `list`, `list[int]`, `int|list[int]`).
    public init?(spelling: String) {
        let s = spelling.trimmingCharacters(in: .whitespaces)
        if s.contains("|") {
            let parts = s.split(separator: "|").map { ParameterType(spelling: String($0)) }
            guard parts.allSatisfy({ $0 != nil }) else { return nil }
            self = .oneOf(parts.map { $0! })
            return
        }
        switch s {
        case "string", "str": self = .string
        case "int", "integer": self = .int
        case "number", "float": self = .number
        case "bool", "boolean": self = .bool
        case "object", "mapping": self = .object
        case "any": self = .any
        case "list": self = .list(.any)
        default:
            guard s.hasPrefix("list["), s.hasSuffix("]"), let inner = ParameterType(spelling: String(s.dropFirst(5).dropLast())) else {
                return nil
            }
            self = .list(inner)
        }
    }

    public static let spellings = ["string", "int", "number", "bool", "object", "any", "list", "list[TYPE]", "TYPE|TYPE"]

    public var description: String {
        switch self {
        case .string: return "a string"
        case .int: return "a whole number"
        case .number: return "a number"
        case .bool: return "true or false"
        case .object: return "a mapping"
        case .any: return "any value"
        case .list(.any): return "a list"
        case .list(let t): return "a list of \(t.plural)"
        case .oneOf(let ts): return ts.map(\.description).joined(separator: " or ")
        }
    }

    var plural: String {
        switch self {
        case .string: return "strings"
        case .int: return "whole numbers"
        case .number: return "numbers"
        case .bool: return "booleans"
        case .object: return "mappings"
        default: return "values of \(description)"
        }
    }

    /// True when `value` has this type. Null is accepted everywhere (an explicit "unset").
    public func accepts(_ value: Value) -> Bool {
        if case .null = value { return true }
        switch self {
        case .any: return true
        case .string:
            if case .string = value { return true }
            return false
        case .int:
            if case .int = value { return true }
            if case .double(let d) = value { return d.isFinite && d == d.rounded() }
            return false
        case .number:
            if case .int = value { return true }
            if case .double(let d) = value { return d.isFinite }
            return false
        case .bool:
            if case .bool = value { return true }
            return false
        case .object:
            if case .object = value { return true }
            return false
        case .list(let t):
            guard case .array(let items) = value else { return false }
            return items.allSatisfy { t.accepts($0) && $0 != .null }
        case .oneOf(let ts): return ts.contains { $0.accepts(value) }
        }
    }
}

/// Values of a parameter that must name something the ladder declares.
public enum ParameterNames: String, Sendable, Equatable {
    /// A condition of the ladder (e.g. the analysis baseline).
    case condition
    /// A scorer: built in, or declared under `scorers:`.
    case scorer
}

/// One declared parameter of an engine: built-in engines declare theirs in code,
/// external engines in the ladder's `params_schema:`.
public struct ParameterSpec: Sendable, Equatable {
    public var name: String
    public var type: ParameterType
    /// What the engine does when the parameter is left out (documentation; never added to keys).
    public var defaultValue: Value?
    /// When set, the only values allowed (compared by their text).
    public var allowed: [String]?
    /// When set, the value must name a declared thing of this kind.
    public var names: ParameterNames?
    public var required: Bool
    /// One line for `ladder engine list` and error hints.
    public var doc: String
    /// Other spellings accepted for the same parameter.
    public var aliases: [String]

    public init(_ name: String, _ type: ParameterType, default defaultValue: Value? = nil, allowed: [String]? = nil,
                names: ParameterNames? = nil, required: Bool = false, aliases: [String] = [], doc: String) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.allowed = allowed
        self.names = names
        self.required = required
        self.doc = doc
        self.aliases = aliases
    }
}
