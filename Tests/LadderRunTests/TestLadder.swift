import Foundation
import LadderCore
import LadderRun
import LadderStore

/// A ladder in a fresh temporary directory, with its engine scripts beside it
/// and its store at `runs/`, run in-process through `RunService`.
struct TestLadder {
    let dir: URL

    init() throws {
        dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("ladder-runtests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    var storePath: String { dir.appendingPathComponent("runs").path }
    var ladderPath: String { dir.appendingPathComponent("l.yaml").path }

    func url(_ relative: String) -> URL { dir.appendingPathComponent(relative) }

    /// Writes a file relative to the ladder directory, creating parent folders.
    func write(_ relative: String, _ text: String) throws {
        let u = url(relative)
        try FileManager.default.createDirectory(at: u.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: u)
    }

    /// Writes an engine script: `ShellPrelude.text` followed by `body`.
    func script(_ relative: String, _ body: String) throws {
        try write(relative, ShellPrelude.text + body)
    }

    func read(_ relative: String) -> String {
        (try? String(contentsOf: url(relative), encoding: .utf8)) ?? ""
    }

    /// Lines of a side file the engines append to (one line per execution).
    func lines(_ relative: String) -> [String] {
        read(relative).split(separator: "\n").map(String.init)
    }

    /// Runs the ladder in-process, quietly.
    @discardableResult
    func run(keepGoing: Bool = false, only: String? = nil, jobs: Int = 2, lockWait: TimeInterval = 0,
             interrupt: Interrupt = Interrupt()) throws -> RunSummary {
        var o = RunOptions()
        o.store = storePath
        o.keepGoing = keepGoing
        o.only = only
        o.jobs = jobs
        o.lockWait = lockWait
        return try RunService(progress: Progress(quiet: true, isTTY: false), interrupt: interrupt)
            .run(ladderPath: ladderPath, options: o)
    }

    /// Opens the store for reading (no lock), as `ladder status` does.
    func openShared() throws -> Store {
        try Store.open(at: URL(fileURLWithPath: storePath), access: .shared)
    }

    /// Opens the store as its one writer, as `ladder fsck` does; close it when done.
    func openExclusive() throws -> Store {
        try Store.open(at: URL(fileURLWithPath: storePath), access: .exclusive(wait: 0))
    }

    /// Deletes the directory, store objects (read-only) included.
    func remove() {
        if let e = FileManager.default.enumerator(atPath: dir.path) {
            while let rel = e.nextObject() as? String {
                chmod(dir.appendingPathComponent(rel).path, 0o755)
            }
        }
        try? FileManager.default.removeItem(at: dir)
    }
}

extension RunSummary {
    /// Sorted labels of the steps with this outcome.
    func labels(_ outcome: String) -> [String] {
        steps.filter { $0.outcome == outcome }.map(\.label).sorted()
    }

    func line(_ label: String) -> StepLine? {
        steps.first { $0.label == label }
    }
}

/// Shell helpers every test engine starts with. The request is pretty-printed
/// JSON with sorted keys (one `"key": value` per line), so `sed` can read the
/// flat fields tests use without a JSON parser and without python's start-up cost.
enum ShellPrelude {
    static let text = #"""
    #!/bin/sh
    REQ="$1"
    # field NAME: the first `"NAME": value` line's value (no commas or quotes in values).
    field() { sed -n "s/^ *\"$1\": \"*\([^\",]*\)\"*,*\$/\1/p" "$REQ" | head -n 1; }
    # inpath NAME: the first path of input NAME.
    inpath() { sed -n "/^    \"$1\": {/,/^    }/p" "$REQ" | sed -n '/"paths"/{n;s/^ *"\(.*\)",*$/\1/p;}' | head -n 1; }
    OUT=$(field output_dir)
    RES=$(field result_path)
    ok() { printf '{"status": "ok", "metrics": {"n": 1}}\n' > "$RES"; }

    """#
}
