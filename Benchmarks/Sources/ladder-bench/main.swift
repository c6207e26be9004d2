import Foundation

// Usage: ladder-bench [AREA...] [--out BENCHMARKS.md]
// Each area lives in <Area>Benchmark.swift and appends its figures.
var args = Array(CommandLine.arguments.dropFirst())
var outPath: String?
if let i = args.firstIndex(of: "--out"), i + 1 < args.count {
    outPath = args[i + 1]
    args.removeSubrange(i...(i + 1))
}
let areas: [(String, (inout BenchReport) throws -> Void)] = benchmarkAreas
var report = BenchReport()
for (name, body) in areas where args.isEmpty || args.contains(name) {
    do { try body(&report) } catch { print("\(name): failed: \(error)") }
}
if let outPath {
    let host = "\(ProcessInfo.processInfo.activeProcessorCount) cores, \(ProcessInfo.processInfo.physicalMemory >> 30) GiB"
    try report.markdown(host: host).write(toFile: outPath, atomically: true, encoding: .utf8)
}
