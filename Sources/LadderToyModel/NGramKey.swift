/// Up to six symbols packed into two words, most recent symbol first: slot 0
/// is the predicted symbol (or, for a context key, the symbol just before the
/// prediction), slot 1 the one before it, and so on. Each slot holds 21 bits.
///
/// Symbols are `scalar + 2`, with 1 for the start-of-text padding and 0 for
/// an empty slot, so keys of different lengths never collide and a key's
/// length is the number of non-empty slots. A packed integer key keeps
/// training to one hash of two words per position, which matters in debug
/// builds where a `[UInt32]` key would cost an allocation per lookup.
struct NGramKey: Hashable, Comparable, Sendable {
    var low: UInt64
    var high: UInt64

    static let bitsPerSlot: UInt64 = 21
    static let slotMask: UInt64 = (1 << 21) - 1
    /// Slots per key; the model's order can be at most this.
    static let capacity = 6
    /// The padding symbol that stands before the first character of a text.
    static let start: UInt32 = 1
    static let empty = NGramKey(low: 0, high: 0)

    init(low: UInt64, high: UInt64) {
        self.low = low
        self.high = high
    }

    /// The symbol that stands for `scalar`.
    @inline(__always)
    static func symbol(_ scalar: Unicode.Scalar) -> UInt32 { scalar.value + 2 }

    /// The scalar a symbol stands for; nil for the padding symbol.
    static func scalar(_ symbol: UInt32) -> Unicode.Scalar? {
        symbol >= 2 ? Unicode.Scalar(symbol - 2) : nil
    }

    /// Symbols in slot order (most recent first).
    init<C: Collection>(mostRecentFirst symbols: C) where C.Element == UInt32 {
        var key = NGramKey.empty
        for (i, s) in symbols.enumerated() { key.set(slot: i, to: s) }
        self = key
    }

    @inline(__always)
    func symbol(at slot: Int) -> UInt32 {
        let word = slot < 3 ? low : high
        return UInt32((word >> (UInt64(slot % 3) * Self.bitsPerSlot)) & Self.slotMask)
    }

    @inline(__always)
    mutating func set(slot: Int, to symbol: UInt32) {
        let shift = UInt64(slot % 3) * Self.bitsPerSlot
        let cleared = ~(Self.slotMask << shift)
        if slot < 3 {
            low = (low & cleared) | (UInt64(symbol) << shift)
        } else {
            high = (high & cleared) | (UInt64(symbol) << shift)
        }
    }

    /// Number of non-empty slots.
    var length: Int {
        var n = 0
        while n < Self.capacity, symbol(at: n) != 0 { n += 1 }
        return n
    }

    /// The first `count` slots: the gram with its oldest symbols dropped.
    func prefix(_ count: Int) -> NGramKey {
        if count >= Self.capacity { return self }
        if count <= 3 {
            let bits = UInt64(count) * Self.bitsPerSlot
            return NGramKey(low: count == 3 ? low : low & ((1 << bits) - 1), high: 0)
        }
        let bits = UInt64(count - 3) * Self.bitsPerSlot
        return NGramKey(low: low, high: high & ((1 << bits) - 1))
    }

    /// The key without slot 0: for a gram, the context it was predicted from.
    var dropFirst: NGramKey {
        NGramKey(low: (low >> Self.bitsPerSlot) | ((high & Self.slotMask) << (2 * Self.bitsPerSlot)),
                 high: high >> Self.bitsPerSlot)
    }

    /// `symbol` in slot 0, this key's slots moved one further back (the last
    /// slot falls off).
    func prepending(_ symbol: UInt32) -> NGramKey {
        let carry = (low >> (2 * Self.bitsPerSlot)) & Self.slotMask
        let newLow = ((low << Self.bitsPerSlot) & ((1 << (3 * Self.bitsPerSlot)) - 1)) | UInt64(symbol)
        let newHigh = ((high << Self.bitsPerSlot) & ((1 << (3 * Self.bitsPerSlot)) - 1)) | carry
        return NGramKey(low: newLow, high: newHigh)
    }

    /// Symbol order, slot by slot, so sorted files list grams in a fixed order.
    static func < (a: NGramKey, b: NGramKey) -> Bool {
        a.low != b.low ? a.low < b.low : a.high < b.high
    }
}
