import Foundation

/// Turns any `Encodable` into a `Value`, so that every JSON file the tool
/// writes goes through `Value`'s one canonical writer (`JSONWriter`) instead
/// of `JSONEncoder`, whose key order and number text are not ours to fix.
///
/// Integers become `.int` (one outside `Int`'s range is an error, never a
/// rounded double), `Double` becomes `.double`, `Float` the double its
/// shortest text names (`0.1` stays `0.1`), `nil` optionals are left out as
/// the synthesised `Codable` code does, and a value that encodes nothing is
/// an empty object.
public struct ValueEncoder {
    public init() {}

    public func encode<T: Encodable>(_ value: T) throws -> Value {
        try Self.box(value, codingPath: []).value
    }

    static func box<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws -> ValueNode {
        switch value {
        case let v as Value: return ValueNode(v)
        case let s as String: return ValueNode(.string(s))
        case let b as Bool: return ValueNode(.bool(b))
        case let i as Int: return ValueNode(.int(i))
        case let d as Double: return ValueNode(.double(d))
        case let f as Float: return ValueNode(float(f))
        default:
            let node = ValueNode()
            try value.encode(to: NodeEncoder(node: node, codingPath: codingPath))
            return node
        }
    }

    static func float(_ f: Float) -> Value { .double(Double("\(f)") ?? Double(f)) }

    static func integer<I: FixedWidthInteger>(_ v: I, codingPath: [any CodingKey]) throws -> Value {
        guard let i = Int(exactly: v) else {
            throw EncodingError.invalidValue(v, .init(codingPath: codingPath,
                                                      debugDescription: "\(v) does not fit a signed 64-bit JSON integer"))
        }
        return .int(i)
    }
}

/// One value being built: a scalar, or the members of an object or array
/// whose containers may still be written through.
final class ValueNode {
    private var scalar: Value?
    private var members: [String: ValueNode]?
    private var elements: [ValueNode]?

    init() {}
    init(_ v: Value) { scalar = v }

    var value: Value {
        if let scalar { return scalar }
        if let elements { return .array(elements.map(\.value)) }
        return .object((members ?? [:]).mapValues(\.value))
    }

    func set(_ v: Value) { scalar = v; members = nil; elements = nil }

    func makeObject() { if members == nil { scalar = nil; elements = nil; members = [:] } }
    func makeArray() { if elements == nil { scalar = nil; members = nil; elements = [] } }

    func put(_ key: String, _ node: ValueNode) { makeObject(); members![key] = node }
    func append(_ node: ValueNode) { makeArray(); elements!.append(node) }
    var count: Int { elements?.count ?? 0 }
}

private struct NodeEncoder: Encoder {
    let node: ValueNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.makeObject()
        return KeyedEncodingContainer(KeyedNodeContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.makeArray()
        return UnkeyedNodeContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleNodeContainer(node: node, codingPath: codingPath)
    }
}

private struct IndexKey: CodingKey {
    var stringValue: String { "Index \(index)" }
    var intValue: Int? { index }
    let index: Int
    init(_ index: Int) { self.index = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { index = intValue }
}

private struct SuperKey: CodingKey {
    var stringValue: String { "super" }
    var intValue: Int? { nil }
    init() {}
    init?(stringValue: String) { nil }
    init?(intValue: Int) { nil }
}

private struct KeyedNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: ValueNode
    let codingPath: [any CodingKey]

    private func put(_ v: Value, _ key: Key) { node.put(key.stringValue, ValueNode(v)) }
    private func int<I: FixedWidthInteger>(_ v: I, _ key: Key) throws {
        put(try ValueEncoder.integer(v, codingPath: codingPath + [key]), key)
    }

    mutating func encodeNil(forKey key: Key) throws { put(.null, key) }
    mutating func encode(_ v: Bool, forKey key: Key) throws { put(.bool(v), key) }
    mutating func encode(_ v: String, forKey key: Key) throws { put(.string(v), key) }
    mutating func encode(_ v: Double, forKey key: Key) throws { put(.double(v), key) }
    mutating func encode(_ v: Float, forKey key: Key) throws { put(ValueEncoder.float(v), key) }
    mutating func encode(_ v: Int, forKey key: Key) throws { put(.int(v), key) }
    mutating func encode(_ v: Int8, forKey key: Key) throws { try int(v, key) }
    mutating func encode(_ v: Int16, forKey key: Key) throws { try int(v, key) }
    mutating func encode(_ v: Int32, forKey key: Key) throws { try int(v, key) }
    mutating func encode(_ v: Int64, forKey key: Key) throws { try int(v, key) }
    mutating func encode(_ v: UInt, forKey key: Key) throws { try int(v, key) }
    mutating func encode(_ v: UInt8, forKey key: Key) throws { try int(v, key) }
    mutating func encode(_ v: UInt16, forKey key: Key) throws { try int(v, key) }
    mutating func encode(_ v: UInt32, forKey key: Key) throws { try int(v, key) }
    mutating func encode(_ v: UInt64, forKey key: Key) throws { try int(v, key) }
    mutating func encode<T: Encodable>(_ v: T, forKey key: Key) throws {
        node.put(key.stringValue, try ValueEncoder.box(v, codingPath: codingPath + [key]))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type,
                                                        forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = ValueNode()
        node.put(key.stringValue, child)
        return NodeEncoder(node: child, codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = ValueNode()
        node.put(key.stringValue, child)
        return NodeEncoder(node: child, codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let child = ValueNode()
        node.put("super", child)
        return NodeEncoder(node: child, codingPath: codingPath + [SuperKey()])
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let child = ValueNode()
        node.put(key.stringValue, child)
        return NodeEncoder(node: child, codingPath: codingPath + [key])
    }
}

private struct UnkeyedNodeContainer: UnkeyedEncodingContainer {
    let node: ValueNode
    let codingPath: [any CodingKey]
    var count: Int { node.count }

    private var nextPath: [any CodingKey] { codingPath + [IndexKey(node.count)] }
    private func add(_ v: Value) { node.append(ValueNode(v)) }
    private func int<I: FixedWidthInteger>(_ v: I) throws { add(try ValueEncoder.integer(v, codingPath: nextPath)) }

    mutating func encodeNil() throws { add(.null) }
    mutating func encode(_ v: Bool) throws { add(.bool(v)) }
    mutating func encode(_ v: String) throws { add(.string(v)) }
    mutating func encode(_ v: Double) throws { add(.double(v)) }
    mutating func encode(_ v: Float) throws { add(ValueEncoder.float(v)) }
    mutating func encode(_ v: Int) throws { add(.int(v)) }
    mutating func encode(_ v: Int8) throws { try int(v) }
    mutating func encode(_ v: Int16) throws { try int(v) }
    mutating func encode(_ v: Int32) throws { try int(v) }
    mutating func encode(_ v: Int64) throws { try int(v) }
    mutating func encode(_ v: UInt) throws { try int(v) }
    mutating func encode(_ v: UInt8) throws { try int(v) }
    mutating func encode(_ v: UInt16) throws { try int(v) }
    mutating func encode(_ v: UInt32) throws { try int(v) }
    mutating func encode(_ v: UInt64) throws { try int(v) }
    mutating func encode<T: Encodable>(_ v: T) throws { node.append(try ValueEncoder.box(v, codingPath: nextPath)) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let path = nextPath, child = ValueNode()
        node.append(child)
        return NodeEncoder(node: child, codingPath: path).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let path = nextPath, child = ValueNode()
        node.append(child)
        return NodeEncoder(node: child, codingPath: path).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let path = nextPath, child = ValueNode()
        node.append(child)
        return NodeEncoder(node: child, codingPath: path)
    }
}

private struct SingleNodeContainer: SingleValueEncodingContainer {
    let node: ValueNode
    let codingPath: [any CodingKey]

    private func int<I: FixedWidthInteger>(_ v: I) throws { node.set(try ValueEncoder.integer(v, codingPath: codingPath)) }

    mutating func encodeNil() throws { node.set(.null) }
    mutating func encode(_ v: Bool) throws { node.set(.bool(v)) }
    mutating func encode(_ v: String) throws { node.set(.string(v)) }
    mutating func encode(_ v: Double) throws { node.set(.double(v)) }
    mutating func encode(_ v: Float) throws { node.set(ValueEncoder.float(v)) }
    mutating func encode(_ v: Int) throws { node.set(.int(v)) }
    mutating func encode(_ v: Int8) throws { try int(v) }
    mutating func encode(_ v: Int16) throws { try int(v) }
    mutating func encode(_ v: Int32) throws { try int(v) }
    mutating func encode(_ v: Int64) throws { try int(v) }
    mutating func encode(_ v: UInt) throws { try int(v) }
    mutating func encode(_ v: UInt8) throws { try int(v) }
    mutating func encode(_ v: UInt16) throws { try int(v) }
    mutating func encode(_ v: UInt32) throws { try int(v) }
    mutating func encode(_ v: UInt64) throws { try int(v) }
    mutating func encode<T: Encodable>(_ v: T) throws {
        let boxed = try ValueEncoder.box(v, codingPath: codingPath)
        node.set(boxed.value)
    }
}
