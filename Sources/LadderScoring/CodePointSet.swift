/// A small set of code points, as Python's `strip(chars)` or a regex
/// character class `[...]` sees them: membership by code point only.
struct CodePointSet: Sendable, Equatable {
    private var ascii: (UInt64, UInt64) = (0, 0)
    private var others: Set<UInt32> = []

    init() {}

    init(_ cps: [UInt32]) {
        for c in cps { insert(c) }
    }

    init(_ s: String) {
        self.init(PyText.codePoints(s))
    }

    mutating func insert(_ c: UInt32) {
        if c < 64 {
            ascii.0 |= 1 << UInt64(c)
        } else if c < 128 {
            ascii.1 |= 1 << UInt64(c - 64)
        } else {
            others.insert(c)
        }
    }

    @inline(__always) func contains(_ c: UInt32) -> Bool {
        if c < 64 { return ascii.0 & (1 << UInt64(c)) != 0 }
        if c < 128 { return ascii.1 & (1 << UInt64(c - 64)) != 0 }
        return !others.isEmpty && others.contains(c)
    }

    static func == (a: CodePointSet, b: CodePointSet) -> Bool {
        a.ascii == b.ascii && a.others == b.others
    }
}
