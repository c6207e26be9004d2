import Foundation
import Testing

/// `docs/tutorial.md` cannot go stale: every command in its `console` blocks
/// runs again, in order, on a temporary copy of the tutorial ladder and its
/// data, and its standard output must match the page (timings and byte counts
/// aside). `yaml edit=FILE after=LINE` / `at=end` blocks are the page's edits
/// to the ladder and are applied as written. `LADDER_BLESS_TUTORIAL=1`
/// rewrites the page's output blocks from this run (and fails, so a blessing
/// run is never mistaken for a check).
@Suite struct TutorialTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static var blessing: Bool { ProcessInfo.processInfo.environment["LADDER_BLESS_TUTORIAL"] == "1" }

    /// A fenced block of the page: its info string, its lines, and where it sits.
    struct Block {
        var info: String
        var lines: [String]
        /// Line index of the opening fence in the page.
        var start: Int
        var end: Int
    }

    static func blocks(_ page: [String]) -> [Block] {
        var out: [Block] = []
        var i = 0
        while i < page.count {
            if page[i].hasPrefix("```") {
                let info = String(page[i].dropFirst(3)).trimmingCharacters(in: .whitespaces)
                var j = i + 1
                while j < page.count && !page[j].hasPrefix("```") { j += 1 }
                out.append(Block(info: info, lines: Array(page[(i + 1)..<min(j, page.count)]), start: i, end: j))
                i = j + 1
            } else {
                i += 1
            }
        }
        return out
    }

    /// Timings and byte counts differ from run to run; everything else must not.
    static func normalized(_ s: String) -> String {
        var t = s
        for (pattern, replacement) in [("[0-9]+\\.[0-9]+ s\\b", "N s"), ("\\([0-9]+ bytes\\)", "(N bytes)")] {
            t = t.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
        }
        return t
    }

    func shell(_ command: String, in dir: URL, bin: URL) throws -> (output: String, status: Int32) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", command]
        p.currentDirectoryURL = dir
        var env = ProcessInfo.processInfo.environment
        env["PATH"] = bin.path + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        p.environment = env
        let out = dir.appendingPathComponent(".tutorial-out")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        p.standardOutput = try FileHandle(forWritingTo: out)
        p.standardError = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        let text = try String(contentsOf: out, encoding: .utf8)
        return (text.replacingOccurrences(of: dir.path + "/", with: "").replacingOccurrences(of: dir.path, with: "."), p.terminationStatus)
    }

    @Test(.enabled(if: LadderBinary.available, "the ladder executable is not built; run `swift build` first"))
    func theTutorialsCommandsPrintWhatThePageShows() throws {
        let pageURL = Self.root.appendingPathComponent("docs/tutorial.md")
        var page = try String(contentsOf: pageURL, encoding: .utf8).components(separatedBy: "\n")
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("ladder-tutorial-\(UUID().uuidString)")
        try fm.createDirectory(at: dir.appendingPathComponent("ladders"), withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: dir) }
        for item in ["tutorial.yaml", "tutorial-data", "demo-data"] {
            try fm.copyItem(at: Self.root.appendingPathComponent("ladders/\(item)"), to: dir.appendingPathComponent("ladders/\(item)"))
        }
        let bin = LadderBinary.url!.deletingLastPathComponent()
        var rewrites: [(Block, [String])] = []
        var commands = 0
        for block in Self.blocks(page) {
            let words = block.info.split(separator: " ").map(String.init)
            if words.first == "yaml", let edit = words.first(where: { $0.hasPrefix("edit=") })?.dropFirst(5) {
                let file = dir.appendingPathComponent(String(edit))
                var lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
                if let after = block.info.range(of: "after=")?.upperBound {
                    let anchor = String(block.info[after...])
                    let at = try #require(lines.firstIndex(of: anchor), "\(edit) has no line '\(anchor)'")
                    lines.insert(contentsOf: block.lines, at: at + 1)
                } else {
                    if lines.last == "" { lines.removeLast() }
                    lines += block.lines + [""]
                }
                try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
                continue
            }
            guard words.first == "console" else { continue }
            var rebuilt: [String] = []
            var expected: [String] = []
            var command: String?
            func finish() throws {
                guard let c = command else { return }
                commands += 1
                let (output, status) = try shell(c, in: dir, bin: bin)
                var actual = output.hasSuffix("\n") ? String(output.dropLast()) : output
                if status != 0 { actual += (actual.isEmpty ? "" : "\n") + "[exit status \(status)]" }
                if c.hasPrefix("ladder diff ") && !c.contains("--all") {
                    let n = actual.components(separatedBy: "\n").count
                    #expect(n <= 50, "a one-parameter diff fits on a screen; `\(c)` printed \(n) lines")
                }
                rebuilt.append("$ " + c)
                // Blessing keeps the page's text where only timings or byte counts differ, so its diff shows real changes.
                let kept = Self.normalized(expected.joined(separator: "\n")) == Self.normalized(actual) ? expected.joined(separator: "\n") : actual
                if !kept.isEmpty { rebuilt += kept.components(separatedBy: "\n") }
                if !Self.blessing {
                    let want = Self.normalized(expected.joined(separator: "\n")), got = Self.normalized(actual)
                    if want != got {
                        let w = want.components(separatedBy: "\n"), g = got.components(separatedBy: "\n")
                        let line = zip(w, g).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(w.count, g.count)
                        Issue.record("""
                            `\(c)` printed something else than docs/tutorial.md shows (output line \(line + 1)):
                              page:   \(line < w.count ? w[line] : "(end)")
                              actual: \(line < g.count ? g[line] : "(end)")
                            If the change is intended, rerun with LADDER_BLESS_TUTORIAL=1 and review the page's diff.
                            """)
                    }
                }
                expected = []
            }
            for line in block.lines {
                if line.hasPrefix("$ ") {
                    try finish()
                    command = String(line.dropFirst(2))
                } else {
                    expected.append(line)
                }
            }
            try finish()
            rewrites.append((block, rebuilt))
        }
        #expect(commands >= 8, "the tutorial runs its commands (found \(commands))")
        if Self.blessing {
            for (block, lines) in rewrites.reversed() {
                page.replaceSubrange((block.start + 1)..<block.end, with: lines)
            }
            try page.joined(separator: "\n").write(to: pageURL, atomically: true, encoding: .utf8)
            Issue.record("rewrote docs/tutorial.md's output blocks; review the diff and run again without LADDER_BLESS_TUTORIAL")
        }
    }
}
