import Foundation
import LadderCore
import Testing
import LadderScoring

/// The order-preserving reader the tables and declarations go through.
@Suite struct OrderedJSONTests {
    @Test func membersKeepDocumentOrder() throws {
        let v = try OrderedJSON.parse(Data(#"{"z": 1, "a": [true, null, "x"], "m": {"b": 2.5e3, "a": -0}}"#.utf8), origin: "t.json")
        guard case .object(let members) = v, case .object(let inner)? = v["m"] else {
            Issue.record("not an object")
            return
        }
        #expect(members.map(\.key) == ["z", "a", "m"])
        #expect(inner.map(\.key) == ["b", "a"])
        #expect(v["a"] == .array([.bool(true), .null, .string("x")]))
        #expect(inner[0].value == .number("2.5e3"))
    }

    @Test func duplicateKeysAndTrailingGarbageAreErrorsWithLineAndColumn() {
        #expect(throws: LadderError.badInput("t.json:2:3: duplicate key \"a\"")) {
            _ = try OrderedJSON.parse(Data("{\"a\": 1,\n  \"a\": 2}".utf8), origin: "t.json")
        }
        #expect(throws: LadderError.badInput("t.json:1:4: extra data after the JSON document")) {
            _ = try OrderedJSON.parse(Data("{} x".utf8), origin: "t.json")
        }
        #expect(throws: LadderError.badInput("t.json:1:2: invalid escape in a string")) {
            _ = try OrderedJSON.parse(Data(#""\q""#.utf8), origin: "t.json")
        }
    }
}
