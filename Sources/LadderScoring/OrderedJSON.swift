import Foundation
import LadderCore

/// A JSON (or YAML) value whose objects keep their members in document
/// order. Scorer tables are ordered ("the first native label in table
/// order"), which a plain dictionary decoder would lose; a declaration read
/// from YAML by the spec layer can be handed over in this form too.
public enum OrderedJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A number, kept as its literal text so nothing is rounded on the way.
    case number(String)
    case string(String)
    case array([OrderedJSON])
    /// Members in document order. Duplicate keys are refused by the reader.
    case object([Member])

    /// One object member.
    public struct Member: Sendable, Equatable {
        public var key: String
        public var value: OrderedJSON

        public init(_ key: String, _ value: OrderedJSON) {
            self.key = key
            self.value = value
        }
    }

    /// Parses a whole document; errors name `origin` with line and column.
    public static func parse(_ data: Data, origin: String) throws -> OrderedJSON {
        try data.withUnsafeBytes { raw in
            var scanner = JSONScanner(bytes: raw.bindMemory(to: UInt8.self), origin: origin)
            let value = try scanner.readTree()
            try scanner.expectEnd()
            return value
        }
    }

    /// The value of `key` when this is an object that has it.
    public subscript(key: String) -> OrderedJSON? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// A short name of the kind of value, for error messages.
    var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "a list"
        case .object: return "a mapping"
        }
    }
}

extension JSONScanner {
    /// Reads one value into an ordered tree.
    mutating func readTree(depth: Int = 0) throws -> OrderedJSON {
        guard depth < 512 else { throw error("nesting too deep") }
        switch peek() {
        case 0x22:
            return .string(try readString())
        case 0x7B:
            pos += 1
            var members: [OrderedJSON.Member] = []
            var seen: Set<String> = []
            if closesImmediately(0x7D) { return .object(members) }
            repeat {
                _ = peek()
                let keyAt = pos
                let key = try readString()
                guard seen.insert(key).inserted else { throw error("duplicate key \"\(key)\"", at: keyAt) }
                try expect(0x3A, "':' after an object key")
                members.append(.init(key, try readTree(depth: depth + 1)))
            } while try next(orClose: 0x7D)
            return .object(members)
        case 0x5B:
            pos += 1
            var items: [OrderedJSON] = []
            if closesImmediately(0x5D) { return .array(items) }
            repeat { items.append(try readTree(depth: depth + 1)) } while try next(orClose: 0x5D)
            return .array(items)
        case 0x74 where matchesWord("true"):
            pos += 4
            return .bool(true)
        case 0x66 where matchesWord("false"):
            pos += 5
            return .bool(false)
        case 0x6E where matchesWord("null"):
            pos += 4
            return .null
        case nil:
            throw error("unexpected end of the document")
        default:
            return .number(try readNumberLiteral())
        }
    }
}
