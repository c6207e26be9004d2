import Testing
@testable import LadderToyModel

@Suite struct NGramKeyTests {
    let symbols: [UInt32] = [0x10FFFF + 2, 5, NGramKey.start, 0x4E2D + 2, 66, 0x0627 + 2]

    @Test func slotsHoldTheirSymbolsAcrossBothWords() {
        let key = NGramKey(mostRecentFirst: symbols)
        #expect((0..<6).map { key.symbol(at: $0) } == symbols)
        #expect(key.length == 6)
    }

    @Test func prefixDropsTheOldestSymbols() {
        let key = NGramKey(mostRecentFirst: symbols)
        for n in 0...6 {
            #expect(key.prefix(n) == NGramKey(mostRecentFirst: symbols.prefix(n)))
            #expect(key.prefix(n).length == n)
        }
    }

    @Test func dropFirstAndPrependingAreInverse() {
        let key = NGramKey(mostRecentFirst: symbols.prefix(5))
        #expect(key.dropFirst == NGramKey(mostRecentFirst: symbols[1..<5]))
        #expect(key.dropFirst.prepending(symbols[0]) == key)
        // A full key loses its oldest symbol when a new one comes in.
        #expect(NGramKey(mostRecentFirst: symbols).prepending(9) == NGramKey(mostRecentFirst: [9] + symbols.prefix(5)))
    }
}
