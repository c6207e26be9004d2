/// Which licences a subset may draw from.
///
/// A file is dropped when any of its licences mentions a denied word
/// (case-insensitive substring), or when one of them is not on the allowlist
/// (case-insensitive, surrounding spaces ignored). Files whose source records no
/// licence follow `missing`. The study's allowlist and deny words are the defaults.
public struct LicensePolicy: Codable, Sendable, Equatable {
    /// What to do with a file whose source records no licence.
    public enum Missing: String, Codable, Sendable {
        /// Keep it: a plain directory of files has no licence data to filter on.
        case keep
        /// Drop it, as a recorded "unknown" licence would be.
        case drop
    }

    /// Licence identifiers to keep.
    public var allow: [String]
    /// Words whose mention drops a file whatever the allowlist says.
    public var deny: [String]
    /// Files without a recorded licence.
    public var missing: Missing

    /// The study's policy: Apache-2.0, MIT, BSD-2/3, ISC and Unlicense; anything
    /// mentioning gpl, lgpl, agpl, proprietary, commercial, unknown or other is dropped.
    public static let study = LicensePolicy(
        allow: ["Apache-2.0", "MIT", "BSD-2-Clause", "BSD-3-Clause", "ISC", "Unlicense"],
        deny: ["gpl", "lgpl", "agpl", "proprietary", "commercial", "unknown", "other"],
        missing: .keep)

    public init(allow: [String], deny: [String], missing: Missing = .keep) {
        self.allow = allow
        self.deny = deny
        self.missing = missing
    }

    /// Why `licenses` fails the policy, or nil when the file may stay.
    public func rejection(of licenses: [String]) -> String? {
        if licenses.isEmpty {
            return missing == .drop ? "no licence recorded" : nil
        }
        let allowed = Set(allow.map(Self.normalize))
        let denied = deny.map(Self.normalize).filter { !$0.isEmpty }
        for license in licenses {
            let normalized = Self.normalize(license)
            if let word = denied.first(where: { normalized.contains($0) }) {
                return "licence \"\(license)\" mentions \"\(word)\""
            }
            if !allowed.contains(normalized) {
                return "licence \"\(license)\" is not on the allowlist"
            }
        }
        return nil
    }

    static func normalize(_ s: String) -> String { s.trimmingSpaces().lowercased() }
}
