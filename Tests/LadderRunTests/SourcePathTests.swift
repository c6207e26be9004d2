import Foundation
import Testing

/// Source inputs reach an engine as absolute paths, also when `ladder run` is given a ladder
/// in another directory by a relative path (the engine runs in the ladder's directory).
@Suite struct SourcePathTests {
    static let yaml = """
    ladder: paths
    axes: {w: [a]}
    sources:
      data: {path: data/}
    engines:
      show: {run: [python3, show.py], files: [show.py]}
    steps:
      show: {engine: show, inputs: {data: source.data}}
    conditions:
      c: {cells: {w: [a]}, pipeline: [show]}

    """

    static let show = """
    import json, os, sys
    req = json.load(open(sys.argv[-1]))
    path = req["inputs"]["data"]["paths"][0]
    ok = os.path.isabs(path) and os.path.isfile(os.path.join(path, "x.txt"))
    open(os.path.join(req["output_dir"], "path.txt"), "w").write(path + "\\n")
    json.dump({"status": "ok" if ok else "failed", "message": "input path " + path}, open(req["result_path"], "w"))

    """

    @Test(.enabled(if: LadderBinary.available, "the ladder executable is not built beside the tests"))
    func aRelativeLadderPathStillGivesEnginesAbsoluteSourcePaths() throws {
        let t = try TestLadder()
        defer { t.remove() }
        try t.write("sub/l.yaml", Self.yaml)
        try t.write("sub/show.py", Self.show)
        try t.write("sub/data/x.txt", "x\n")
        let run = try LadderBinary.run(["run", "sub/l.yaml"], in: t.dir, tag: "run")
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    }
}
