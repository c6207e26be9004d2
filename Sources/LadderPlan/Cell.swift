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
    public var description: String { values.map { "\($0.axis)=\($0.value.label)" }.joined(separator: ",") }

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
        var raw: [[(String, AxisValue)]] = [[]]
        expand(into: &raw, ladder: ladder)
        let order = Dictionary(uniqueKeysWithValues: ladder.axes.enumerated().map { ($1.name, $0) })
        return raw.map { vals in
            // Each axis's rank looked up once per value, not per comparison.
            let ranked = vals.map { (rank: order[$0.0, default: 0], axis: $0.0, value: $0.1) }
            let sorted = ranked.count < 2 || zip(ranked, ranked.dropFirst()).allSatisfy({ $0.rank <= $1.rank })
                ? ranked : ranked.enumerated().sorted { ($0.element.rank, $0.offset) < ($1.element.rank, $1.offset) }.map(\.element)
            return Cell(values: sorted.map { (axis: $0.axis, value: $0.value) })
        }
    }

    private func expand(into partials: inout [[(String, AxisValue)]], ladder: Ladder) {
        for level in levels {
            guard let axis = ladder.axis(level.axis) else { continue }
            var next: [[(String, AxisValue)]] = []
            for partial in partials {
                for choice in level.choices {
                    guard let v = axis.value(named: choice.label) else { continue }
                    var sub: [[(String, AxisValue)]] = [partial + [(level.axis, v)]]
                    choice.nested?.expand(into: &sub, ladder: ladder)
                    next += sub
                }
            }
            partials = next
        }
    }
}
