import Foundation
import LadderCore
import Testing

/// A non-finite double must never be encoded as `null`: it would share a step key with a real null.
@Test func nonFiniteDoublesEncodeAsDistinctTokensNotNull() {
    #expect(Value.double(.nan).canonicalJSON == "NaN")
    #expect(Value.double(.infinity).canonicalJSON == "Infinity")
    #expect(Value.double(-.infinity).canonicalJSON == "-Infinity")
    let encodings = [Value.null, .double(.nan), .double(.infinity), .double(-.infinity), .string("NaN")].map(\.canonicalJSON)
    #expect(Set(encodings).count == encodings.count)
    #expect(Value.object(["x": .double(.nan)]).canonicalJSON == #"{"x":NaN}"#)
    #expect(Value.double(2.5).canonicalJSON == "2.5")
}
