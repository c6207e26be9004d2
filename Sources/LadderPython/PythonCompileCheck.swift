import Foundation

/// Compiles sources with a real Python interpreter, one process for many
/// files, the way `python3 -m py_compile` would (`compile(..., 'exec')`)
/// but without writing `.pyc` files.
public enum PythonCompileCheck {
    private static let script = """
    import sys, json
    for path in sys.argv[1:]:
        try:
            with open(path, 'rb') as f:
                compile(f.read(), path, 'exec', dont_inherit=True)
            print(json.dumps(None))
        except (SyntaxError, ValueError) as e:
            print(json.dumps(f"python3 cannot compile it: {type(e).__name__}: {e}"))
    """

    /// One entry per source: nil when it compiled, else why not. When the
    /// interpreter cannot be run, every entry says so.
    public static func run(python: String, sources: [(name: String, bytes: [UInt8])]) -> [String?] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ladder-compile-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        var paths: [String] = []
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            for (k, source) in sources.enumerated() {
                let url = dir.appendingPathComponent("\(k).py")
                try Data(source.bytes).write(to: url)
                paths.append(url.path)
            }
        } catch {
            return sources.map { _ in "cannot write a temporary file for the compile check: \(error.localizedDescription)" }
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, "-c", script] + paths
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return sources.map { _ in "cannot run \(python): \(error.localizedDescription)" }
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        guard process.terminationStatus == 0, lines.count == sources.count else {
            return sources.map { _ in "\(python) did not check the file (exit \(process.terminationStatus))" }
        }
        return lines.map { line in
            (try? JSONDecoder().decode(String?.self, from: Data(line.utf8))) ?? nil
        }
    }

    /// Whether `python` can be started here.
    public static func isAvailable(python: String = "python3") -> Bool {
        run(python: python, sources: [("probe", Array("pass\n".utf8))]) == [nil]
    }
}
