/// How a character n-gram model shares probability between a context and
/// its shorter suffixes. Both rules interpolate every order down to a
/// uniform distribution over the known alphabet plus one "unknown" class, so
/// every character, seen or not, gets a probability and each context's
/// distribution sums to one.
///
/// With `N` = how often the context was seen, `T` = how many distinct
/// characters followed it, `c` = how often `w` followed it, and `p` the
/// estimate from the context one character shorter:
///
/// - `wittenBell`: `(c + T·p) / (N + T)` (Witten & Bell 1991; interpolated
///   form as in Chen & Goodman 1998, "An Empirical Study of Smoothing
///   Techniques for Language Modeling", section 2.4). No parameter.
/// - `absoluteDiscounting(d)`: `max(c − d, 0)/N + d·T/N · p` (Ney, Essen &
///   Kneser 1994; interpolated form, Chen & Goodman section 2.6). This is
///   Kneser-Ney without its continuation counts; `d` in (0, 1], 0.75 is the
///   usual choice.
public enum NGramSmoothing: Sendable, Equatable, CustomStringConvertible {
    /// Interpolated Witten-Bell.
    case wittenBell
    /// Interpolated absolute discounting with discount `d`.
    case absoluteDiscounting(Double)

    /// Absolute discounting with the usual discount of 0.75.
    public static let standardDiscounting = NGramSmoothing.absoluteDiscounting(0.75)

    public var description: String {
        switch self {
        case .wittenBell: return "witten-bell"
        case .absoluteDiscounting(let d): return "absolute-discounting(\(d))"
        }
    }

    /// Parses `witten-bell`, `absolute-discounting` (d = 0.75) or
    /// `absolute-discounting:D`; nil otherwise.
    public init?(name: String) {
        if name == "witten-bell" {
            self = .wittenBell
        } else if name == "absolute-discounting" {
            self = .standardDiscounting
        } else if name.hasPrefix("absolute-discounting:"), let d = Double(name.dropFirst("absolute-discounting:".count)),
                  d > 0, d <= 1 {
            self = .absoluteDiscounting(d)
        } else {
            return nil
        }
    }

    /// The stable name `init(name:)` reads back.
    public var name: String {
        switch self {
        case .wittenBell: return "witten-bell"
        case .absoluteDiscounting(let d): return "absolute-discounting:\(d)"
        }
    }

    /// One interpolation step: the estimate for a context from its counts
    /// and the estimate `lower` of the context one character shorter.
    @inline(__always)
    func interpolate(count c: Double, total n: Double, types t: Double, lower p: Double) -> Double {
        switch self {
        case .wittenBell:
            return (c + t * p) / (n + t)
        case .absoluteDiscounting(let d):
            return max(c - d, 0) / n + d * t / n * p
        }
    }
}
