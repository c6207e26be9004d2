import LadderCore

/// The draw: which population positions a subset selects.
///
/// `cpython-random-sample` reproduces `random.Random(seed).sample(population, k)`
/// of CPython 3.11 on the population sorted by path, then sorts the picks.
///
/// Nesting. Without `nested`, `k = size` and the draw is exactly the study's
/// call. With `nested`, `k = max(nested)` and this subset is the first `size`
/// picks of that one draw, so a smaller tier is always contained in a larger
/// tier drawn with the same seed: a guarantee, whatever branch `sample` takes.
/// Plain draws are nested only when both sizes take `sample`'s set branch (then
/// both consume the same `randbelow(n)` stream): with the study's ~103k
/// population and seed 42, the 5k (set size 16,405) and 20k (set size 65,557)
/// draws both do, which is why its 5k files happen to be the 20k draw's first
/// 5,000 picks. The largest tier of a nested draw is identical to a plain draw.
public struct SampleSelection: Sendable, Equatable {
    /// Selected population positions, ascending (population order is path order).
    public var positions: [Int]
    /// Picks the draw made.
    public var drawSize: Int
    /// The branch CPython's `sample` took for this draw.
    public var branch: CPythonRandom.SampleBranch

    /// Draws `spec.size` positions from a population of `populationCount` members.
    public static func draw(populationCount: Int, spec: SubsetSpec) throws -> SampleSelection {
        try spec.validate()
        let k = spec.drawSize
        guard k <= populationCount else {
            let what = spec.nested == nil ? "size \(k)" : "largest nested tier \(k)"
            throw LadderError.badInput("the population after filtering has \(populationCount) files, fewer than the \(what); lower the size or relax the filters (see the per-stage counts)")
        }
        var random = CPythonRandom(seed: spec.seed)
        let picks = try random.sample(populationCount: populationCount, k: k)
        return SampleSelection(
            positions: picks.prefix(spec.size).sorted(), drawSize: k,
            branch: CPythonRandom.sampleBranch(n: populationCount, k: k))
    }
}
