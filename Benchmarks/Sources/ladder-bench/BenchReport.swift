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
    /// Areas that threw: (area, error text).
    var failures: [(String, String)] = []

    mutating func add(_ f: BenchFigure) {
        figures.append(f)
        FileHandle.standardOutput.write(Data("\(f.area) | \(f.name) | \(Self.format(f.value)) \(f.unit) | target \(f.target)\(f.note.isEmpty ? "" : " | \(f.note)")\n".utf8))
    }

    /// Wall-clock seconds of `body`.
    static func time(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// The result of `body` and its wall-clock seconds.
    static func measure<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let start = DispatchTime.now().uptimeNanoseconds
        let value = try body()
        return (value, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }

    /// The result of `body`, its wall-clock seconds and the CPU seconds this thread
    /// spent in it (what a shared machine's other work does not inflate).
    static func measureCPU<T>(_ body: () throws -> T) rethrows -> (T, wall: Double, cpu: Double) {
        func cpuNow() -> Double {
            var ts = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
            return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
        }
        let c0 = cpuNow(), start = DispatchTime.now().uptimeNanoseconds
        let value = try body()
        let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return (value, wall, cpuNow() - c0)
    }

    /// Median of a non-empty sample (mean of the middle two for an even count).
    static func median(_ xs: [Double]) -> Double {
        let s = xs.sorted()
        guard !s.isEmpty else { return .nan }
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
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

    /// CPU model, cores and memory, from /proc where available.
    static func hostDescription() -> String {
        let info = ProcessInfo.processInfo
        var cpu = ""
        if let s = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
           let line = s.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
           let colon = line.firstIndex(of: ":") {
            cpu = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces) + ", "
        }
        return "\(cpu)\(info.activeProcessorCount) cores, \(info.physicalMemory >> 30) GiB"
    }

    func markdown(host: String) -> String {
        var out = "# Benchmarks\n\nWritten by `make bench` (release build of `Benchmarks/`, "
        out += "`Benchmarks/.build/release/ladder-bench --out BENCHMARKS.md`). Host: \(host). "
        out += "Times are wall-clock; the machine may be shared, so treat single figures as indicative.\n\n"
        var areas: [String] = []
        for f in figures where !areas.contains(f.area) { areas.append(f.area) }
        for area in areas {
            out += "## \(area)\n\n| figure | value | target | note |\n| --- | --- | --- | --- |\n"
            for f in figures where f.area == area {
                out += "| \(f.name) | \(Self.format(f.value)) \(f.unit) | \(f.target) | \(f.note) |\n"
            }
            out += "\n"
        }
        if !failures.isEmpty {
            out += "## Areas that failed\n\n"
            for (area, error) in failures { out += "- \(area): \(error.replacingOccurrences(of: "\n", with: " "))\n" }
            out += "\n"
        }
        return out
    }

    /// Three significant decimals for small values, fewer for large ones.
    static func format(_ v: Double) -> String {
        String(format: abs(v) >= 100 ? "%.1f" : "%.3f", v)
    }
}
