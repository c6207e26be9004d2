import Foundation

// Usage: ladder-bench [AREA...] [--out BENCHMARKS.md]
// Each area lives in <Area>Benchmark.swift and appends its figures; an area
// that throws is listed as failed in the output and makes the exit status 1.
var args = Array(CommandLine.arguments.dropFirst())
if args.first == PlanChild.flag {
    do { try PlanChild.main(size: args.count > 1 ? args[1] : "", threads: args.count > 2 ? args[2] : "") } catch {
        FileHandle.standardError.write(Data("\(error)\n".utf8))
        exit(1)
    }
    exit(0)
}
var outPath: String?
if let i = args.firstIndex(of: "--out"), i + 1 < args.count {
    outPath = args[i + 1]
    args.removeSubrange(i...(i + 1))
}
let known = benchmarkAreas.map(\.0)
for name in args where !known.contains(name) {
    FileHandle.standardError.write(Data("unknown area '\(name)'; areas: \(known.joined(separator: ", "))\n".utf8))
    exit(2)
}
var report = BenchReport()
for (name, body) in benchmarkAreas where args.isEmpty || args.contains(name) {
    do {
        let seconds = try BenchReport.time { try body(&report) }
        FileHandle.standardError.write(Data((name + String(format: ": done in %.1f s\n", seconds)).utf8))
    } catch {
        report.failures.append((name, "\(error)"))
        FileHandle.standardError.write(Data("\(name): failed: \(error)\n".utf8))
    }
}
if let outPath {
    try report.markdown(host: BenchReport.hostDescription()).write(toFile: outPath, atomically: true, encoding: .utf8)
}
exit(report.failures.isEmpty ? 0 : 1)
