import Foundation

/// One measured figure: what, how much, in which unit, against which target.
struct BenchFigure {
    var area: String
    var name: String
    var value: Double
    var unit: String
    var target: String
    var note: String = ""
}

/// Collects figures from every area and renders BENCHMARKS.md.
struct BenchReport {
    var figures: [BenchFigure] = []

    mutating func add(_ f: BenchFigure) {
        figures.append(f)
        FileHandle.standardOutput.write(Data("\(f.area) | \(f.name) | \(String(format: "%.3f", f.value)) \(f.unit) | target \(f.target)\(f.note.isEmpty ? "" : " | \(f.note)")\n".utf8))
    }

    /// Wall-clock seconds of `body`.
    static func time(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// Peak resident set size of this process so far, in MiB (from /proc/self/status VmHWM).
    static func peakRSSMiB() -> Double {
        guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in s.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kb = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
            return kb / 1024
        }
        return 0
    }

    func markdown(host: String) -> String {
        var out = "# Benchmarks\n\nWritten by `make bench` (release build, `Benchmarks/`). Host: \(host).\n\n"
        var areas: [String] = []
        for f in figures where !areas.contains(f.area) { areas.append(f.area) }
        for area in areas {
            out += "## \(area)\n\n| figure | value | target | note |\n| --- | --- | --- | --- |\n"
            for f in figures where f.area == area {
                out += "| \(f.name) | \(String(format: "%.3f", f.value)) \(f.unit) | \(f.target) | \(f.note) |\n"
            }
            out += "\n"
        }
        return out
    }
}
