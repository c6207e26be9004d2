import ArgumentParser
import Foundation
import LadderCore
import LadderRun
import LadderStore

/// `ladder status [RUN]`
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Progress of the latest (or named) run.")
    @Argument(help: ArgumentHelp("Run id, name, latest or latest~N.", valueName: "run")) var selector: String = "latest"
    @OptionGroup var options: CommonOptions

    func run() throws {
        let store = try StoreOpener.shared(options.store)
        let s = try RunQueries(store: store).status(selector)
        if options.json { Output.json(s.json) } else { Output.write(s.text) }
    }
}

/// `ladder runs`
struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "runs", abstract: "List runs, newest first.")
    @OptionGroup var options: CommonOptions

    func run() throws {
        let q = RunQueries(store: try StoreOpener.shared(options.store))
        if options.json { Output.json(try q.runsJSON()) } else { Output.write(try q.runsText()) }
    }
}

/// `ladder log STEP`
struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "log", abstract: "The captured output of a step's latest attempt.")
    @Argument(help: "A step key prefix (execution or plan key) or label.") var step: String
    @OptionGroup var options: CommonOptions

    func run() throws {
        Output.write(try RunQueries(store: try StoreOpener.shared(options.store)).log(step))
    }
}

/// `ladder fsck`
struct FsckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "fsck", abstract: "Verify every stored object and every database reference.")
    @OptionGroup var options: CommonOptions

    func run() throws {
        let store = try StoreOpener.exclusive(options.store, wait: 0)
        defer { store.close() }
        let r = try store.fsck()
        if options.json {
            Output.json(.object(["clean": .bool(r.isClean), "objects_checked": .int(r.objectsChecked),
                                 "corrupt": .array(r.corrupt.map { .string($0.hex) }),
                                 "missing_references": .int(r.missingReferences.count),
                                 "corrupt_references": .int(r.corruptReferences.count),
                                 "database_problems": .array(r.databaseProblems.map(Value.string))]))
        } else {
            Output.write("checked \(r.objectsChecked) objects: \(r.isClean ? "clean" : "PROBLEMS")\n")
            for h in r.corrupt { Output.write("  corrupt object \(h.hex) (moved aside; the steps that made it will re-run)\n") }
            for m in r.missingReferences { Output.write("  missing: \(m)\n") }
            for m in r.corruptReferences { Output.write("  corrupt reference: \(m)\n") }
            for p in r.databaseProblems { Output.write("  database: \(p)\n") }
        }
        if !r.isClean { throw ExitCode(1) }
    }
}

/// `ladder gc [--dry-run]`
struct GCCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "gc", abstract: "Delete objects no run or view references.")
    @OptionGroup var options: CommonOptions
    @Flag(name: .long, help: "Only say what would be deleted.") var dryRun = false

    func run() throws {
        let store = try StoreOpener.exclusive(options.store, wait: 0)
        defer { store.close() }
        let r = try store.gc(roots: try store.viewReferences(), dryRun: dryRun)
        let verb = dryRun ? "would delete" : "deleted"
        if options.json {
            Output.json(.object(["dry_run": .bool(dryRun), "live": .int(r.liveObjects), "deleted": .int(r.deleted.count),
                                 "bytes": .int(Int(r.deletedBytes))]))
        } else {
            Output.write("\(r.liveObjects) live objects; \(verb) \(r.deleted.count) objects (\(r.deletedBytes) bytes)\n")
        }
    }
}
