import Foundation
import LadderCore
@testable import LadderPlan
import Testing

/// The planner's step index: step numbers by key digest, in an open-addressing table
/// that must tell apart digests sharing the word it hashes on, and grow without losing any.
struct StepIndexTests {
    func digest(_ a: UInt64, _ d: UInt64) -> StepDigest {
        StepDigest(hex: String(format: "%016llx", a) + String(repeating: "0", count: 32) + String(format: "%016llx", d))!
    }

    @Test func digestsSharingTheirHashedWordAreToldApartAndTheTableGrows() {
        var index = StepIndex()
        var added: [StepDigest] = []
        // 300 steps in 30 groups of ten that share the first word: probing and growth both run.
        for i in 0..<300 {
            let d = digest(UInt64(i / 10) << 40, UInt64(i))
            #expect(index[d] == nil)
            index.append(d)
            added.append(d)
        }
        for (i, d) in added.enumerated() { #expect(index[d] == i) }
        #expect(index[digest(1 << 40, 999)] == nil)
        #expect(index[added[7].hex] == 7)
        #expect(index["not a key"] == nil)
        #expect(index[String(added[7].hex.dropLast())] == nil)
    }

    @Test func hexRoundTripsAndMatchesTheSharedEncoder() {
        var h = SHA256()
        let bytes = Array("{\"encoding\":\"ladder-key-v1\"}".utf8)
        let d = StepDigest(sha256: bytes, using: &h)
        #expect(d.hex == SHA256.hex(String(decoding: bytes, as: UTF8.self)))
        #expect(StepDigest(hex: d.hex) == d)
        #expect(StepDigest(hex: d.hex.uppercased()) == d)
        // The context is reused: a second text hashes alone.
        let e = StepDigest(sha256: Array("x".utf8), using: &h)
        #expect(e.hex == SHA256.hex("x"))
    }
}
