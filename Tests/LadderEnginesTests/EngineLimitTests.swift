import Foundation
import LadderCore
import LadderEngines
import LadderSpec
import Testing

/// `resources.time` and Ctrl-C reach built-in engines and `shell` commands
/// through `EngineInvoker`, as they reach external engines.
@Suite(.serialized)
struct EngineLimitTests {
    let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("engine-limits-\(UUID().uuidString)")

    func request(_ engine: String, params: [String: Value], inputs: [String: EngineInput] = [:]) throws -> (EngineRequest, URL) {
        let work = tmp.appendingPathComponent("work-\(UUID().uuidString)")
        let out = work.appendingPathComponent("out"), scratch = work.appendingPathComponent("scratch")
        for d in [out, scratch] { try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true) }
        let req = EngineRequest(step: "k", planKey: "p", engine: engine, params: params, inputs: inputs, outputDir: out.path,
                                scratchDir: scratch.path, stateDir: scratch.path, resultPath: work.appendingPathComponent("result.json").path,
                                seed: nil, resources: Resources())
        return (req, work)
    }

    /// A dataset of `n` small Python files for the transpiler.
    func dataset(files n: Int) throws -> URL {
        let dir = tmp.appendingPathComponent("ds-\(UUID().uuidString)")
        var rows: [[String: Value]] = []
        for i in 0..<n {
            let (filename, sha) = try DatasetDirectory.writeFile(Array("def f\(i)(x):\n    return x if x else \(i)\n".utf8), into: dir)
            rows.append(["file_path": .string("m\(i).py"), "filename": .string(filename), "sha256": .string(sha)])
        }
        try DatasetDirectory.writeManifest(rows, into: dir)
        return dir
    }

    /// Reads the pid a command wrote, waiting up to ten seconds for it.
    func pid(in file: URL) -> Int32? {
        for _ in 0..<500 {
            if let text = try? String(contentsOf: file, encoding: .utf8), let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                return pid
            }
            usleep(20_000)
        }
        return nil
    }

    /// Whether the group is registered within `seconds`: the engine's process runs (and may
    /// write its child's pid) a moment before its runner registers the group.
    static func isRegistered(_ group: Int32, within seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if EngineProcessGroups.shared.all.contains(group) { return true }
            usleep(10_000)
        }
        return EngineProcessGroups.shared.all.contains(group)
    }

    static func isGone(_ pid: Int32, within seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if kill(pid, 0) != 0 { return true }
            #if os(Linux)
            if let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), stat.contains(") Z") { return true }
            #endif
            usleep(20_000)
        }
        return false
    }

    @Test func builtinEnginePastItsTimeLimitFailsAsTimedOut() throws {
        defer { try? FileManager.default.removeItem(at: tmp) }
        let ds = try dataset(files: 40)
        let (req, work) = try request("transpile", params: ["lang": .string("es")],
                                      inputs: ["files": EngineInput(kind: "step", paths: [ds.path], hashes: [""])])
        let invoker = EngineInvoker(kind: .builtin(TranspileEngine()), timeLimit: 0.000_001)
        do {
            _ = try invoker.invoke(req, work: work, context: EngineContext(logURL: nil))
            Issue.record("the engine ran past its time limit and succeeded")
        } catch let failure as EngineFailure {
            guard case .timedOut = failure else { Issue.record("not a time-out: \(failure)"); return }
            #expect(failure.description.hasPrefix("timed out after 0 s"), "\(failure)")
        }
    }

    @Test func builtinEngineStopsWhenTheRunIsCancelled() throws {
        defer { try? FileManager.default.removeItem(at: tmp) }
        let ds = try dataset(files: 5)
        let (req, work) = try request("transpile", params: ["lang": .string("es")],
                                      inputs: ["files": EngineInput(kind: "step", paths: [ds.path], hashes: [""])])
        let run = EngineContext(logURL: nil)
        run.cancel()
        #expect(throws: LadderError.stepFailed("interrupted")) {
            _ = try EngineInvoker(kind: .builtin(TranspileEngine())).invoke(req, work: work, context: run)
        }
    }

    @Test func shellCommandPastItsTimeLimitIsKilledWithItsWholeProcessGroup() throws {
        defer { try? FileManager.default.removeItem(at: tmp) }
        let pidFile = tmp.appendingPathComponent("child.pid")
        let (req, work) = try request("shell", params: ["argv": .array(["sh", "-c", "sleep 37 & echo $! > '\(pidFile.path)'; wait"].map(Value.string))])
        let started = Date()
        do {
            _ = try EngineInvoker(kind: .builtin(ShellEngine()), timeLimit: 1).invoke(req, work: work, context: EngineContext(logURL: nil))
            Issue.record("the command ran past its time limit and succeeded")
        } catch let failure as EngineFailure {
            #expect(failure.description.hasPrefix("timed out after 1 s"), "\(failure)")
        }
        #expect(Date().timeIntervalSince(started) < 10)
        let child = try #require(pid(in: pidFile), "the command never started its child")
        #expect(Self.isGone(child, within: 5), "the command's child \(child) outlived the time-out")
        #expect(FileManager.default.fileExists(atPath: work.appendingPathComponent("engine.pgid").path),
                "the command's process group was not marked for orphan cleanup")
    }

    @Test func shellCommandIsRegisteredAndStoppedWithItsChildrenWhenTheRunIsCancelled() throws {
        defer { try? FileManager.default.removeItem(at: tmp) }
        let pidFile = tmp.appendingPathComponent("child.pid")
        let (req, work) = try request("shell", params: ["argv": .array(["sh", "-c", "sleep 38 & echo $! > '\(pidFile.path)'; wait"].map(Value.string))])
        let run = EngineContext(logURL: nil)
        let ended = DispatchSemaphore(value: 0)
        let thrown = Locked<String?>(nil)
        Thread.detachNewThread {
            do { _ = try EngineInvoker(kind: .builtin(ShellEngine())).invoke(req, work: work, context: run) } catch {
                thrown.set("\(error)")
            }
            ended.signal()
        }
        let child = try #require(pid(in: pidFile), "the command never started its child")
        let group = getpgid(child)
        #expect(Self.isRegistered(group, within: 5), "the command's group \(group) is not registered for a second Ctrl-C")
        run.cancel()
        #expect(ended.wait(timeout: .now() + 10) == .success, "the command did not stop")
        #expect(thrown.get() == "interrupted")
        #expect(Self.isGone(child, within: 5), "the command's child \(child) outlived the cancellation")
        #expect(!EngineProcessGroups.shared.all.contains(group))
    }
}

/// A value shared with a thread.
final class Locked<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: T
    init(_ value: T) { self.value = value }
    func get() -> T { lock.lock(); defer { lock.unlock() }; return value }
    func set(_ v: T) { lock.lock(); value = v; lock.unlock() }
}
