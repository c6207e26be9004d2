import Foundation
/// Parses human quantities in ladders: memory (`16G`, `512M`) and durations (`90s`, `4h`).
enum Quantity {
    static func bytes(_ node: YAMLNode) throws -> Int {
        let s = try node.string("memory").trimmingCharacters(in: .whitespaces)
        let units: [(String, Int)] = [("TiB", 1 << 40), ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10),
                                      ("T", 1 << 40), ("G", 1 << 30), ("M", 1 << 20), ("K", 1 << 10), ("B", 1)]
        for (suffix, factor) in units where s.hasSuffix(suffix) {
            if let n = Double(s.dropLast(suffix.count)) { return Int(n * Double(factor)) }
        }
        if let n = Int(s) { return n }
        throw SpecError("memory must look like 16G, 512M or a byte count, found '\(s)'", at: node.location)
    }

    static func seconds(_ node: YAMLNode) throws -> Int {
        let s = try node.string("time").trimmingCharacters(in: .whitespaces)
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400)]
        for (suffix, factor) in units where s.hasSuffix(suffix) {
            if let n = Double(s.dropLast(suffix.count)) { return max(1, Int((n * factor).rounded(.up))) }
        }
        if let n = Int(s) { return n }
        throw SpecError("time must look like 90s, 30m or 4h, found '\(s)'", at: node.location)
    }
}

