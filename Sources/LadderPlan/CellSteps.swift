import Foundation

/// The steps one condition cell's pipeline entries expanded to, in one small
/// allocation: for each entry in pipeline order, its step count and then its step
/// indices. A plan of 100k steps keeps tens of thousands of these while it expands.
struct CellSteps {
    /// The pipeline's template names, shared by every cell of the condition.
    let templates: [String]
    private var data: [Int32] = []
    private var entries = 0

    /// `capacity`: entries plus steps the cell is expected to make (one allocation).
    init(templates: [String], capacity: Int = 0) {
        self.templates = templates
        data.reserveCapacity(capacity)
    }

    /// Records the steps of the next pipeline entry.
    mutating func append(_ steps: [Int]) {
        data.append(Int32(steps.count))
        for s in steps { data.append(Int32(s)) }
        entries += 1
    }

    /// Calls `body` with each expanded entry's steps, in pipeline order.
    func forEachEntry(_ body: (ArraySlice<Int32>) throws -> Void) rethrows {
        var at = 0
        for _ in 0..<entries {
            let n = Int(data[at])
            try body(data[(at + 1)..<(at + 1 + n)])
            at += 1 + n
        }
    }

    /// The steps of the last expanded entry named `template`, or nil when no entry
    /// by that name has been expanded yet (a slice of this cell's storage).
    func steps(of template: String) -> ArraySlice<Int32>? {
        var found: (start: Int, count: Int)?
        var at = 0
        for e in 0..<entries {
            let n = Int(data[at])
            if templates[e] == template { found = (at + 1, n) }
            at += 1 + n
        }
        guard let found else { return nil }
        return data[found.start..<(found.start + found.count)]
    }
}
