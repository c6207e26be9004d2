import Foundation
import LadderCore
import Testing

private struct Record: Codable, Equatable {
    struct Inner: Codable, Equatable { var zeta: [Int]; var alpha: Float }
    var url: String
    var missing: String?
    var counts: [String: Int]
    var inner: Inner
    var ratio: Double
    var whole: Double
    var small: UInt8
}

private let record = Record(url: "a/b\"c", missing: nil, counts: ["é": 1, "b": 2, "B": 3, "a": 4],
                            inner: .init(zeta: [3, 1], alpha: 0.1), ratio: 0.25, whole: 2, small: 7)

@Test func jsonWriterSortsKeysByBytesKeepsSlashesAndEndsWithANewline() throws {
    let compact = String(decoding: try JSONWriter.data(record, style: .compact), as: UTF8.self)
    #expect(compact == #"{"counts":{"B":3,"a":4,"b":2,"é":1},"inner":{"alpha":0.1,"zeta":[3,1]},"ratio":0.25,"small":7,"url":"a/b\"c","whole":2.0}"# + "\n")
    let pretty = String(decoding: try JSONWriter.data(record), as: UTF8.self)
    #expect(pretty.hasPrefix("{\n  \"counts\": {\n    \"B\": 3,"))
    #expect(pretty.hasSuffix("\n}\n"))
    #expect(try JSONDecoder().decode(Record.self, from: Data(pretty.utf8)) == record)
}

@Test func jsonWriterGivesTheSameBytesForEqualDictionariesBuiltInAnyOrder() throws {
    var forward: [String: Int] = [:], backward: [String: Int] = [:]
    let keys = (0..<200).map { "key-\($0)" }
    for (i, k) in keys.enumerated() { forward[k] = i }
    for (i, k) in keys.enumerated().reversed() { backward[k] = i }
    #expect(try JSONWriter.data(forward) == JSONWriter.data(backward))
    #expect(try JSONWriter.string(forward) == Value.object(forward.mapValues(Value.int)).canonicalJSON)
}

@Test func jsonLinesHoldOneCompactRowPerLine() throws {
    let text = String(decoding: try JSONWriter.lines([["b": 1, "a": 2], ["c": 3]]), as: UTF8.self)
    #expect(text == "{\"a\":2,\"b\":1}\n{\"c\":3}\n")
}

@Test func integerOutsideTheJSONRangeIsAnErrorNotARoundedNumber() {
    #expect(throws: EncodingError.self) { try JSONWriter.string(["n": UInt64.max]) }
    #expect((try? JSONWriter.string(["n": UInt64(Int.max)])) == "{\"n\":\(Int.max)}")
}

@Test func valueEncoderKeepsValuesAsTheyAre() throws {
    let v: Value = .object(["list": .array([.int(1), .double(1.5), .null, .bool(true)]), "s": .string("x")])
    #expect(try ValueEncoder().encode(v) == v)
    #expect(try ValueEncoder().encode(["v": v]) == .object(["v": v]))
}
