import LadderCore

/// The deterministic train/validation split of a selection.
///
/// Rule `sha256-rank-v1`: rank the selected files by
/// SHA-256("ladder-split-v1\n<seed>\n<file_path>\n<sha256>") as hex, and put the
/// first `round(n * fraction)` (halves away from zero) in validation, the rest
/// in train. A file's rank depends only on its identity and the seed, never on
/// its position, so re-ordering the corpus never moves a file between splits;
/// the count is exact (500 of 5,000 at 10%).
public enum TrainValidationSplit {
    /// The rule's name, recorded in the report.
    public static let rule = "sha256-rank-v1"

    /// The split of each member, in the order given.
    public static func assign(_ members: [PopulationMember], fraction: Double, seed: Int) -> [SubsetItem.Split] {
        let validationCount = Int((Double(members.count) * fraction).rounded(.toNearestOrAwayFromZero))
        let ranks = members.map { SHA256.hex("ladder-split-v1\n\(seed)\n\($0.path)\n\($0.sha256)") }
        let order = members.indices.sorted { ranks[$0] != ranks[$1] ? ranks[$0] < ranks[$1] : $0 < $1 }
        var splits = [SubsetItem.Split](repeating: .train, count: members.count)
        for position in order.prefix(validationCount) { splits[position] = .validation }
        return splits
    }
}
