import LadderCore

/// What a subset step draws: how many files, with which seed and algorithm, from
/// which filtered population, and how it splits them.
///
/// Decoding fills left-out keys with defaults (`cpython-random-sample`, no
/// nesting, 10% validation, the study's filters); keys are snake_case.
public struct SubsetSpec: Codable, Sendable, Equatable {
    /// How files are drawn from the population.
    public enum Algorithm: String, Codable, Sendable, CaseIterable {
        /// `random.Random(seed).sample(sorted(paths), k)` of CPython 3.11, then sorted.
        case cpythonRandomSample = "cpython-random-sample"
    }

    /// Files to select.
    public var size: Int
    /// Seed of the draw (any integer; CPython seeds with its absolute value).
    public var seed: Int
    /// How files are drawn.
    public var algorithm: Algorithm
    /// Tier sizes that share one draw. When set, the draw takes `max(nested)`
    /// picks and this subset is its first `size` picks, so every smaller tier is
    /// contained in every larger one. Must include `size`.
    public var nested: [Int]?
    /// Fraction of the selection that goes to the validation split, in [0, 1).
    public var validationFraction: Double
    /// Filters applied before drawing.
    public var filters: SubsetFilters

    public init(
        size: Int, seed: Int, algorithm: Algorithm = .cpythonRandomSample, nested: [Int]? = nil,
        validationFraction: Double = 0.1, filters: SubsetFilters = .study
    ) {
        self.size = size
        self.seed = seed
        self.algorithm = algorithm
        self.nested = nested
        self.validationFraction = validationFraction
        self.filters = filters
    }

    /// How many picks the draw makes: the largest nested tier, or `size`.
    public var drawSize: Int { nested?.max() ?? size }

    /// Checks the settings that do not depend on the corpus.
    public func validate() throws {
        guard size > 0 else { throw LadderError.badInput("subset size must be positive (got \(size))") }
        if let nested {
            guard nested.allSatisfy({ $0 > 0 }) else {
                throw LadderError.badInput("nested tier sizes must be positive (got \(nested))")
            }
            guard nested.contains(size) else {
                throw LadderError.badInput("nested tiers \(nested) do not include this subset's size \(size); list every tier size, this one included")
            }
        }
        guard validationFraction >= 0, validationFraction < 1 else {
            throw LadderError.badInput("validation fraction must be at least 0 and below 1 (got \(validationFraction))")
        }
        if let lines = filters.lines, lines.min > lines.max || lines.min < 0 {
            throw LadderError.badInput("line bounds \(lines.min)...\(lines.max) are empty; min must be between 0 and max")
        }
        if let near = filters.nearDedup {
            guard near.permutations > 0, near.shingleSize > 0, near.threshold > 0, near.threshold <= 1 else {
                throw LadderError.badInput("near-dedup needs permutations > 0, shingle_size > 0 and 0 < threshold <= 1")
            }
            if (near.bands == nil) != (near.rows == nil) {
                throw LadderError.badInput("near-dedup: give both bands and rows, or neither")
            }
            if let b = near.bands, let r = near.rows, b < 1 || r < 1 || b * r > near.permutations {
                throw LadderError.badInput("near-dedup: bands (\(b)) * rows (\(r)) must be at least 1 and at most permutations (\(near.permutations))")
            }
        }
    }

    enum CodingKeys: String, CodingKey {
        case size, seed, algorithm, nested, validationFraction = "validation_fraction", filters
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        size = try c.decode(Int.self, forKey: .size)
        seed = try c.decode(Int.self, forKey: .seed)
        if let name = try c.decodeIfPresent(String.self, forKey: .algorithm) {
            guard let algorithm = Algorithm(rawValue: name) else {
                let known = Algorithm.allCases.map(\.rawValue).joined(separator: ", ")
                throw LadderError.badInput("unknown subset algorithm \"\(name)\" (known: \(known))")
            }
            self.algorithm = algorithm
        } else {
            algorithm = .cpythonRandomSample
        }
        nested = try c.decodeIfPresent([Int].self, forKey: .nested)
        validationFraction = try c.decodeIfPresent(Double.self, forKey: .validationFraction) ?? 0.1
        filters = try c.decodeIfPresent(SubsetFilters.self, forKey: .filters) ?? .study
    }
}
