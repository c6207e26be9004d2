import Foundation

/// Escaping and small element helpers for hand-written HTML and SVG.
enum HTML {
    /// Escapes text for element content and double-quoted attributes.
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// A table with a header row; cells are already-escaped HTML. `numeric` columns align right.
    static func table(_ header: [String], _ rows: [[String]], numeric: Set<Int> = [], caption: String? = nil) -> String {
        var out = "<div class=\"scroll\"><table>"
        if let caption { out += "<caption>\(escape(caption))</caption>" }
        out += "<thead><tr>" + header.map { "<th scope=\"col\">\(escape($0))</th>" }.joined() + "</tr></thead><tbody>\n"
        for row in rows {
            out += "<tr>" + row.enumerated().map { i, c in numeric.contains(i) ? "<td class=\"num\">\(c)</td>" : "<td>\(c)</td>" }.joined() + "</tr>\n"
        }
        return out + "</tbody></table></div>\n"
    }

    /// A fixed-precision SVG coordinate.
    static func f(_ x: Double) -> String {
        let v = (x * 10).rounded() / 10
        return v == v.rounded() ? String(Int(v)) : String(format: "%.1f", v)
    }

    /// A step key shortened for display, with the full key on hover.
    static func key(_ k: String) -> String {
        k.isEmpty ? "—" : "<code title=\"\(escape(k))\">\(escape(String(k.prefix(12))))</code>"
    }
}

/// Colour-blind-safe colours: Okabe & Ito (2008), "Color Universal Design".
/// Wins are blue, losses orange, so the pair reads under the common colour
/// vision deficiencies and every coloured mark also carries its number as text.
enum Palette {
    static let blue = "#0072B2"
    static let orange = "#E69F00"
    static let vermillion = "#D55E00"
    static let skyBlue = "#56B4E9"
    static let green = "#009E73"
    static let grey = "#999999"
    static let neutral = "#F2F2F2"
    static let ink = "#222222"

    /// Fill for a Δ vs baseline: neutral within the noise floor, then blue (win)
    /// or orange (loss) deepening linearly up to ±`saturation`.
    static func diverging(_ delta: Double, floor: Double, saturation: Double = 0.2) -> (fill: String, text: String) {
        if abs(delta) <= floor { return (neutral, ink) }
        let t = min(1, abs(delta) / saturation)
        let (r, g, b): (Double, Double, Double) = delta > 0 ? (0x00, 0x72, 0xB2) : (0xD5, 0x5E, 0x00)
        let mix = 0.18 + 0.82 * t
        func channel(_ c: Double) -> Int { Int((255 + (c - 255) * mix).rounded()) }
        let fill = String(format: "#%02X%02X%02X", channel(r), channel(g), channel(b))
        return (fill, mix > 0.55 ? "#FFFFFF" : ink)
    }
}
