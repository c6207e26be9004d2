import Foundation

/// One evaluated session's slice: condition × seed × template × benchmark ×
/// data language × instruction language. The unit of the cells table (the
/// "observation" grain). `seed` is nil for conditions that train nothing,
/// such as the baseline.
///
/// `condition` is the rendered condition name (for example
/// `condition-2-zh-5k`), never parsed: the plan gives it, the analysis only
/// compares it for equality.
public struct ObservationKey: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var condition: String
    public var seed: String?
    public var template: String
    public var benchmark: String
    public var dataLang: String
    public var instrLang: String

    public init(condition: String, seed: String?, template: String, benchmark: String, dataLang: String, instrLang: String) {
        self.condition = condition
        self.seed = seed
        self.template = template
        self.benchmark = benchmark
        self.dataLang = dataLang
        self.instrLang = instrLang
    }

    /// The seed-free cell this observation belongs to.
    public var cell: CellKey {
        CellKey(condition: condition, template: template, benchmark: benchmark, dataLang: dataLang, instrLang: instrLang)
    }

    public var description: String {
        "\(condition) seed=\(seed ?? "-") \(template) \(benchmark) data=\(dataLang) instr=\(instrLang)"
    }

    public static func < (a: ObservationKey, b: ObservationKey) -> Bool {
        if a.cell != b.cell { return a.cell < b.cell }
        return NaturalOrder.less(a.seed, b.seed)
    }
}

/// A seed-collapsed cell: condition × template × benchmark × data language ×
/// instruction language (the "cell" grain).
public struct CellKey: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var condition: String
    public var template: String
    public var benchmark: String
    public var dataLang: String
    public var instrLang: String

    public init(condition: String, template: String, benchmark: String, dataLang: String, instrLang: String) {
        self.condition = condition
        self.template = template
        self.benchmark = benchmark
        self.dataLang = dataLang
        self.instrLang = instrLang
    }

    /// The same cell under another condition: how a condition cell finds its
    /// baseline counterpart.
    public func under(condition other: String) -> CellKey {
        CellKey(condition: other, template: template, benchmark: benchmark, dataLang: dataLang, instrLang: instrLang)
    }

    public var description: String {
        "\(condition) \(template) \(benchmark) data=\(dataLang) instr=\(instrLang)"
    }

    public static func < (a: CellKey, b: CellKey) -> Bool {
        let l = [a.condition, a.benchmark, a.template, a.dataLang, a.instrLang]
        let r = [b.condition, b.benchmark, b.template, b.dataLang, b.instrLang]
        for (x, y) in zip(l, r) where x != y { return NaturalOrder.less(x, y) }
        return false
    }
}

/// Ordering that puts `seed 42` before `seed 123` and `condition-2` before
/// `condition-10`: names compare by their digit runs as numbers.
public enum NaturalOrder {
    public static func less(_ a: String?, _ b: String?) -> Bool {
        switch (a, b) {
        case (nil, nil): return false
        case (nil, _): return true
        case (_, nil): return false
        case let (x?, y?): return less(x, y)
        }
    }

    public static func less(_ a: String, _ b: String) -> Bool {
        if a == b { return false }
        var i = a.unicodeScalars.makeIterator(), j = b.unicodeScalars.makeIterator()
        var ca = i.next(), cb = j.next()
        while let x = ca, let y = cb {
            if isDigit(x) && isDigit(y) {
                var na = "", nb = ""
                while let d = ca, isDigit(d) { na.unicodeScalars.append(d); ca = i.next() }
                while let d = cb, isDigit(d) { nb.unicodeScalars.append(d); cb = j.next() }
                let ta = na.drop { $0 == "0" }, tb = nb.drop { $0 == "0" }
                if ta.count != tb.count { return ta.count < tb.count }
                if ta != tb { return ta < tb }
                if na.count != nb.count { return na.count < nb.count }
                continue
            }
            if x != y { return x.value < y.value }
            ca = i.next(); cb = j.next()
        }
        return ca == nil && cb != nil
    }

    private static func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 48 && s.value <= 57 }
}
