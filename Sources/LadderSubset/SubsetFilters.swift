/// The filter stages a corpus passes before sampling, in the order they run.
///
/// Each optional stage is off when nil (or `false`). Decoding starts from the
/// study's settings: a key left out keeps the study's value, a key set to null
/// (or false) turns that stage off.
public struct SubsetFilters: Codable, Sendable, Equatable {
    /// Drop files with nothing but whitespace.
    public var nonEmpty: Bool
    /// Licence allowlist.
    public var license: LicensePolicy?
    /// Inclusive bounds on the number of lines.
    public var lines: LineBounds?
    /// Minimum repository stars, applied only where the source records stars.
    public var minStars: Int?
    /// Drop files flagged as generated or carrying a generated-code banner.
    public var dropGenerated: Bool
    /// Keep only files with a `def` or `class` statement.
    public var requireDefOrClass: Bool
    /// Drop test files (stem starting `test_`, or a path part `test`/`tests`).
    public var dropTestFiles: Bool
    /// Drop later copies of byte-identical content.
    public var exactDedup: Bool
    /// Drop later near-duplicates.
    public var nearDedup: NearDedupSettings?

    /// Inclusive line-count bounds.
    public struct LineBounds: Codable, Sendable, Equatable {
        /// Fewest lines a file may have.
        public var min: Int
        /// Most lines a file may have.
        public var max: Int
        public init(min: Int, max: Int) {
            self.min = min
            self.max = max
        }
    }

    /// The study's filters: every stage on, licences as `LicensePolicy.study`,
    /// 10 to 1000 lines, at least 21 stars, near-dedup as `NearDedupSettings.study`.
    public static let study = SubsetFilters(
        nonEmpty: true, license: .study, lines: LineBounds(min: 10, max: 1000), minStars: 21,
        dropGenerated: true, requireDefOrClass: true, dropTestFiles: true, exactDedup: true,
        nearDedup: .study)

    /// Every stage off: the population is the whole corpus.
    public static let none = SubsetFilters(
        nonEmpty: false, license: nil, lines: nil, minStars: nil, dropGenerated: false,
        requireDefOrClass: false, dropTestFiles: false, exactDedup: false, nearDedup: nil)

    public init(
        nonEmpty: Bool, license: LicensePolicy?, lines: LineBounds?, minStars: Int?,
        dropGenerated: Bool, requireDefOrClass: Bool, dropTestFiles: Bool, exactDedup: Bool,
        nearDedup: NearDedupSettings?
    ) {
        self.nonEmpty = nonEmpty
        self.license = license
        self.lines = lines
        self.minStars = minStars
        self.dropGenerated = dropGenerated
        self.requireDefOrClass = requireDefOrClass
        self.dropTestFiles = dropTestFiles
        self.exactDedup = exactDedup
        self.nearDedup = nearDedup
    }

    enum CodingKeys: String, CodingKey {
        case nonEmpty = "non_empty", license, lines, minStars = "min_stars", dropGenerated = "drop_generated"
        case requireDefOrClass = "require_def_or_class", dropTestFiles = "drop_test_files"
        case exactDedup = "exact_dedup", nearDedup = "near_dedup"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let study = Self.study
        func flag(_ key: CodingKeys, _ fallback: Bool) throws -> Bool {
            guard c.contains(key) else { return fallback }
            return try c.decodeNil(forKey: key) ? false : c.decode(Bool.self, forKey: key)
        }
        func stage<T: Decodable>(_ key: CodingKeys, _ fallback: T?) throws -> T? {
            guard c.contains(key) else { return fallback }
            return try c.decodeNil(forKey: key) ? nil : c.decode(T.self, forKey: key)
        }
        nonEmpty = try flag(.nonEmpty, study.nonEmpty)
        license = try stage(.license, study.license)
        lines = try stage(.lines, study.lines)
        minStars = try stage(.minStars, study.minStars)
        dropGenerated = try flag(.dropGenerated, study.dropGenerated)
        requireDefOrClass = try flag(.requireDefOrClass, study.requireDefOrClass)
        dropTestFiles = try flag(.dropTestFiles, study.dropTestFiles)
        exactDedup = try flag(.exactDedup, study.exactDedup)
        nearDedup = try stage(.nearDedup, study.nearDedup)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(nonEmpty, forKey: .nonEmpty)
        try c.encode(license, forKey: .license)
        try c.encode(lines, forKey: .lines)
        try c.encode(minStars, forKey: .minStars)
        try c.encode(dropGenerated, forKey: .dropGenerated)
        try c.encode(requireDefOrClass, forKey: .requireDefOrClass)
        try c.encode(dropTestFiles, forKey: .dropTestFiles)
        try c.encode(exactDedup, forKey: .exactDedup)
        try c.encode(nearDedup, forKey: .nearDedup)
    }
}
