import Foundation

/// Says what a `DecodingError` means in the ladder's own words: the parameter path
/// (`filters.min_stars`) and what was expected, never Swift's internal field names.
enum DecodingProblem {
    static func describe(_ error: any Error) -> String {
        guard let e = error as? DecodingError else { return "\(error)" }
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch e {
        case .typeMismatch(let type, let ctx):
            return "`\(path(ctx.codingPath))` must be \(word(for: type))"
        case .valueNotFound(let type, let ctx):
            return "`\(path(ctx.codingPath))` must be \(word(for: type)), not null"
        case .keyNotFound(let key, let ctx):
            let at = path(ctx.codingPath + [key])
            return "`\(at)` is required"
        case .dataCorrupted(let ctx):
            return "`\(path(ctx.codingPath))`: \(ctx.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    static func word(for type: Any.Type) -> String {
        switch type {
        case is Int.Type, is Int64.Type, is UInt64.Type: return "a whole number"
        case is Double.Type, is Float.Type: return "a number"
        case is Bool.Type: return "true or false"
        case is String.Type: return "a string"
        default:
            let name = "\(type)"
            if name.hasPrefix("Array") { return "a list" }
            if name.hasPrefix("Dictionary") { return "a mapping" }
            return "a \(name)"
        }
    }
}
