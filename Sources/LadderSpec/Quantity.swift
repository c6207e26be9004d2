import Foundation

/// Parses human quantities in ladders: memory (`16G`, `512M`) and durations (`90s`, `4h`).
/// Each must be a finite, non-negative decimal number within range; anything
/// else is a located error stating the accepted form, never a trap.
enum Quantity {
    /// The largest memory amount: 2^62 bytes (4194304T), well inside an `Int`.
    static let maxBytes = 1 << 62
    /// The longest duration: 365 days.
    static let maxSeconds = 365 * 86400

    static func bytes(_ node: YAMLNode) throws -> Int {
        let form = "memory must be a size like 16G, 512M or a whole number of bytes, from 0 to 4194304T (2^62 bytes)"
        let units: [(String, Double)] = [("TiB", 0x1p40), ("GiB", 0x1p30), ("MiB", 0x1p20), ("KiB", 0x1p10),
                                         ("T", 0x1p40), ("G", 0x1p30), ("M", 0x1p20), ("K", 0x1p10), ("B", 1)]
        return Int(try read(node, what: "memory", form: form, units: units, max: Double(maxBytes)).amount)
    }

    static func seconds(_ node: YAMLNode, what: String = "time") throws -> Int {
        let form = "\(what) must be a duration like 90s, 30m or 4h (units ms, s, m, h, d), from 0 to 365d"
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400)]
        let (amount, bare) = try read(node, what: what, form: form, units: units, max: Double(maxSeconds))
        return bare ? Int(amount) : max(1, Int(amount.rounded(.up)))
    }

    /// The amount in base units (bytes, seconds), and whether it was written without a unit
    /// (then it must be a whole number).
    private static func read(_ node: YAMLNode, what: String, form: String,
                             units: [(String, Double)], max: Double) throws -> (amount: Double, bare: Bool) {
        let text = try node.string(what).trimmingCharacters(in: .whitespaces)
        func failure(_ hint: String) -> SpecError { SpecError("\(form); found '\(text)'", at: node.location, hint: hint) }
        var number = Substring(text), factor = 1.0, bare = true
        for (suffix, f) in units where text.hasSuffix(suffix) {
            number = text.dropLast(suffix.count)
            factor = f
            bare = false
            break
        }
        guard let n = decimal(number), !bare || n == n.rounded() else {
            if let n = Double(number), !n.isFinite { throw failure("the number must be finite") }
            throw failure("write a decimal number followed by one of: \(units.map(\.0).joined(separator: ", "))")
        }
        guard n.isFinite else { throw failure("the number must be finite") }
        guard n >= 0 else { throw failure("\(what) cannot be negative") }
        let amount = n * factor
        guard amount <= max else { throw failure("that is more than the largest accepted \(what)") }
        return (amount, bare)
    }

    /// A plain decimal number (digits, point, exponent, sign); hex floats, `nan` and `inf` are not.
    private static func decimal(_ s: Substring) -> Double? {
        guard s.contains(where: \.isASCIIDigit),
              s.allSatisfy({ $0.isASCIIDigit || "+-.eE".contains($0) }) else { return nil }
        return Double(s)
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
