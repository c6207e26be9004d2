import Foundation
import LadderCore
import LadderSpec

/// One point of a condition's sub-matrix: axis name → chosen value, in the
/// ladder's axis order. Axes a condition does not select are absent.
public struct Cell: Sendable, Hashable, CustomStringConvertible {
    public var values: [(axis: String, value: AxisValue)]

    public init(values: [(axis: String, value: AxisValue)]) { self.values = values }

    public subscript(axis: String) -> AxisValue? { values.first { $0.axis == axis }?.value }

    /// `lang=ur,tier=5k,seed=42`
    public var description: String {
        var s = ""
        appendDescription(to: &s)
        return s
    }

    /// Appends `description` to `s`.
    func appendDescription(to s: inout String) {
        for (i, v) in values.enumerated() {
            if i > 0 { s += "," }
            s += v.axis
            s += "="
            s += v.value.label
        }
    }

    /// Axis labels as a JSON object, for plans and the state database.
    public var json: Value { .object(Dictionary(uniqueKeysWithValues: values.map { ($0.axis, .string($0.value.label)) })) }

    public static func == (a: Cell, b: Cell) -> Bool {
        a.values.count == b.values.count && zip(a.values, b.values).allSatisfy { $0.axis == $1.axis && $0.value == $1.value }
    }

    public func hash(into h: inout Hasher) {
        for v in values { h.combine(v.axis); h.combine(v.value) }
    }

    /// Whether every axis named in `selector` has one of the listed labels here.
    public func matches(_ selector: [String: [String]]) -> Bool {
        selector.allSatisfy { axis, labels in self[axis].map { labels.contains($0.label) } ?? false }
    }
}

extension CellSelector {
    /// Expands the selection into cells, values in selection order,
    /// each cell's axes in the ladder's axis order.
    func cells(in ladder: Ladder) -> [Cell] {
        // Expanded as axis and value numbers (no strings copied per partial cell), named at the end.
        var raw: [[ChosenValue]] = [[]]
        expand(into: &raw, ladder: ladder)
        let axes = ladder.axes
        return raw.map { vals in
            // Ranks are the ladder's axis order; nested selections can list axes out of it.
            var vals = vals
            if zip(vals, vals.dropFirst()).contains(where: { $0.rank > $1.rank }) {
                vals = vals.enumerated().sorted { ($0.element.rank, $0.offset) < ($1.element.rank, $1.offset) }.map(\.element)
            }
            return Cell(values: vals.map { (axis: axes[$0.rank].name, value: axes[$0.rank].values[$0.value]) })
        }
    }

    private func expand(into partials: inout [[ChosenValue]], ladder: Ladder) {
        for level in levels {
            guard let rank = ladder.axes.firstIndex(where: { $0.name == level.axis }) else { continue }
            let values = ladder.axes[rank].values
            var next: [[ChosenValue]] = []
            for partial in partials {
                for choice in level.choices {
                    guard let v = values.firstIndex(where: { $0.label == choice.label }) else { continue }
                    var sub: [[ChosenValue]] = [partial + [ChosenValue(rank: rank, value: v)]]
                    choice.nested?.expand(into: &sub, ladder: ladder)
                    next += sub
                }
            }
            partials = next
        }
    }
}

/// One chosen axis value: the axis's position in the ladder (cells list axes in that order)
/// and the value's position on its axis (the first with the chosen label).
private struct ChosenValue {
    var rank: Int
    var value: Int
}
