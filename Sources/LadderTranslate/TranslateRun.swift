import Foundation
import LadderCore
import LadderPython

/// One file to translate.
public struct TranslateItem: Sendable {
    public var id: String
    public var bytes: [UInt8]
    /// False when an allowlist leaves the file out (it is reported `skipped`).
    public var allowed: Bool

    public init(id: String, bytes: [UInt8], allowed: Bool = true) {
        self.id = id
        self.bytes = bytes
        self.allowed = allowed
    }
}

/// What one translate attempt did.
public struct TranslateReport: Sendable {
    /// One per item reached, in input order (items a breaker left untouched have none).
    public var outcomes: [ItemOutcome]
    /// Why the attempt stopped early, if it did.
    public var stop: TranslateStop?
    /// Spend across all attempts of the step, and this attempt's.
    public var spentUSD: Double
    public var spentThisAttemptUSD: Double
    public var paidCalls: Int
    public var resources: TranslateResources
    /// The interpreter used by the compile check, or nil when it was not run.
    public var python: String?
}

/// Translates a list of files: resumes from the state directory (items
/// finished by an earlier attempt are read back, not redone), runs
/// `concurrency` workers, paces and retries calls, stops on the breakers,
/// drains calls in flight, validates every new translation, and keeps each
/// finished item in the state directory before reporting it.
public struct TranslateRun: Sendable {
    public var settings: TranslateSettings
    public var stateDirectory: URL
    public var ladderDirectory: String?
    /// The step's planned resource identity (`stepData`), checked against the files now.
    public var planned: Value?
    /// Where the API key is looked up; nil: the process environment at run time.
    public var environment: [String: String]?
    /// The runner's attempt number within this run (1 for the first): a run's budget covers its retries.
    public var attempt: Int
    public var log: @Sendable (String) -> Void
    public var isCancelled: @Sendable () -> Bool

    public init(settings: TranslateSettings, stateDirectory: URL, ladderDirectory: String?, planned: Value?, attempt: Int = 1,
                environment: [String: String]? = nil,
                log: @escaping @Sendable (String) -> Void = { _ in }, isCancelled: @escaping @Sendable () -> Bool = { false }) {
        self.settings = settings
        self.stateDirectory = stateDirectory
        self.ladderDirectory = ladderDirectory
        self.planned = planned
        self.environment = environment
        self.attempt = attempt
        self.log = log
        self.isCancelled = isCancelled
    }

    public func run(_ items: [TranslateItem]) throws -> TranslateReport {
        let resources = try TranslateResources(settings: settings, ladderDirectory: ladderDirectory)
        try resources.check(planned: planned)
        var apiKey: String?
        if settings.provider.isChat, let variable = settings.apiKeyVariable {
            let value = environment.map { $0[variable] } ?? getenv(variable).map { String(cString: $0) }
            guard let v = value, !v.isEmpty else {
                throw LadderError.badInput("translate: provider \(settings.provider.rawValue) reads its API key from the environment variable \(variable), which is not set (set it, or set api_key_env: \"\" for an endpoint without a key)")
            }
            apiKey = v
        }
        let python: String?
        switch settings.compileCheck {
        case .off: python = nil
        case .auto: python = PythonCompileCheck.isAvailable() ? "python3" : nil
        case .required:
            guard PythonCompileCheck.isAvailable() else {
                throw LadderError.badInput("translate: compile_check is required but python3 cannot be started")
            }
            python = "python3"
        }
        let itemsDir = stateDirectory.appendingPathComponent("items")
        try FileManager.default.createDirectory(at: itemsDir, withIntermediateDirectories: true)
        let spend = SpendTally(file: stateDirectory.appendingPathComponent("spend.json"), attempt: attempt)
        let cancelled = isCancelled
        let breaker = Breaker(maxWallSeconds: settings.maxWallSeconds, budget: settings.provider.isChat ? settings.budgetUSD : nil,
                              spend: spend, cancelled: cancelled)
        let redactor = Redactor(secret: apiKey)
        let log = self.log
        let say: @Sendable (String) -> Void = { log(redactor.clean($0)) }

        let translator: any SegmentTranslator
        if settings.provider.isChat, let template = resources.template {
            let client = try ChatClient(settings: settings, apiKey: apiKey,
                                        cache: try ResponseCache(directory: stateDirectory.appendingPathComponent("responses")),
                                        limiter: RateLimiter(requestsPerMinute: settings.requestsPerMinute,
                                                             tokensPerMinute: settings.tokensPerMinute, timeScale: settings.timeScale),
                                        breaker: breaker, spend: spend, log: say)
            translator = try ChatTranslator(settings: settings, template: template, glossary: resources.glossary, client: client)
        } else {
            guard let g = resources.glossary else { throw LadderError.badInput("translate: provider glossary needs `glossary`") }
            translator = GlossaryTranslator(table: try g.table(settings.lang))
        }
        let files = FileTranslator(settings: settings, vocabulary: CodeVocabulary(pack: resources.pack), translator: translator)

        // Items already decided: left out by the allowlist, too large, or finished earlier.
        let board = Board(count: items.count)
        var pending: [Int] = []
        var resumed = 0
        for (i, item) in items.enumerated() {
            if !item.allowed {
                board.set(i, ItemOutcome(id: item.id, status: .skipped, errorClass: "not-allowed", error: "not in the allowlist"))
            } else if item.bytes.count > settings.maxBytes {
                board.set(i, ItemOutcome(id: item.id, status: .skipped, errorClass: "too-large",
                                         error: "\(item.bytes.count) bytes is over max_bytes (\(settings.maxBytes))"))
            } else if let done = Self.readState(item.id, in: itemsDir) {
                board.set(i, done)
                resumed += 1
            } else {
                pending.append(i)
            }
        }
        if resumed > 0 { say("resuming: \(resumed) item(s) finished by an earlier attempt are kept, \(pending.count) to do") }

        // Workers.
        let queue = WorkQueue(pending)
        let workers = min(settings.concurrency, pending.count)
        let group = DispatchGroup()
        for _ in 0..<workers {
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                while let i = queue.next() {
                    if breaker.isTripped { break }
                    let item = items[i]
                    var stats = CallStats()
                    var outcome: ItemOutcome
                    do {
                        let t = try files.translate(id: item.id, source: item.bytes, stats: &stats)
                        outcome = ItemOutcome(id: item.id, status: .ok)
                        outcome.output = t.output
                        outcome.names = t.names
                        outcome.segments = t.segments
                        outcome.artefacts = t.artefacts
                        outcome.keptUnsafe = t.keptUnsafe
                    } catch let f as CallFailure {
                        outcome = ItemOutcome(id: item.id, status: .failed, errorClass: f.kind.rawValue, error: redactor.clean(f.message))
                    } catch {
                        outcome = ItemOutcome(id: item.id, status: .failed, errorClass: "internal", error: redactor.clean("\(error)"))
                    }
                    outcome.inputChars = String(decoding: item.bytes, as: UTF8.self).unicodeScalars.count
                    outcome.stats = stats
                    board.set(i, outcome)
                }
            }
            thread.stackSize = 4 << 20
            thread.start()
        }
        group.wait()

        // Validate what this attempt translated, then keep every finished item in the state directory.
        let fresh = pending.filter { board.get($0)?.status == .ok && board.get($0)?.output != nil }
        let validator = TranslationValidator(pack: resources.pack, numerals: settings.numerals, python: python)
        let verdicts = validator.validate(fresh.map { (items[$0].id, board.get($0)!.output!) })
        for (i, verdict) in zip(fresh, verdicts) {
            var o = board.get(i)!
            o.validation = verdict.word
            o.validationMessage = verdict.message
            o.outputChars = String(decoding: o.output ?? [], as: UTF8.self).unicodeScalars.count
            if case .failed(let m) = verdict, settings.onInvalid == .exclude {
                o.status = .failed
                o.errorClass = CallFailure.Kind.invalidPython.rawValue
                o.error = m
                o.output = nil
            }
            board.set(i, o)
        }
        for i in pending {
            guard let o = board.get(i) else { continue }
            if o.status == .ok { try Self.writeState(o, in: itemsDir) }
            let s = o.stats
            var line = "\(o.status.rawValue) \(o.id)"
            if let e = o.errorText { line += " — \(e)" }
            line += " (\(s.calls) calls, \(s.cachedCalls) cached, \(s.retries) retries, tokens \(s.inputTokens)/\(s.outputTokens), "
                + "$\(String(format: "%.4f", s.costUSD)), \(Int((s.latencySeconds * 1000).rounded())) ms)"
            say(line)
        }
        let stop = breaker.tripped
        if let stop { say(stop.reason) }
        return TranslateReport(outcomes: (0..<items.count).compactMap { board.get($0) }, stop: stop, spentUSD: spend.total.usd,
                               spentThisAttemptUSD: spend.thisAttempt.usd, paidCalls: spend.thisAttempt.calls,
                               resources: resources, python: python)
    }

    // MARK: state

    static func stateName(_ id: String) -> String { SHA256.hex(id) }

    static func readState(_ id: String, in dir: URL) -> ItemOutcome? {
        let base = dir.appendingPathComponent(stateName(id))
        guard let d = FileManager.default.contents(atPath: base.appendingPathExtension("json").path),
              let v = try? Value.parseJSON(d), v["id"]?.stringValue == id else { return nil }
        let output = FileManager.default.contents(atPath: base.appendingPathExtension("py").path).map { [UInt8]($0) }
        guard let o = ItemOutcome(state: v, output: output), o.status == .ok else { return nil }
        return o
    }

    static func writeState(_ o: ItemOutcome, in dir: URL) throws {
        let base = dir.appendingPathComponent(stateName(o.id))
        if let out = o.output { try StateFile.write(Data(out), to: base.appendingPathExtension("py")) }
        try StateFile.write(Data((o.stateJSON.canonicalJSON + "\n").utf8), to: base.appendingPathExtension("json"))
    }

    /// Outcomes by item index, shared by the workers.
    final class Board: @unchecked Sendable {
        private let lock = NSLock()
        private var slots: [ItemOutcome?]
        init(count: Int) { slots = Array(repeating: nil, count: count) }
        func set(_ i: Int, _ o: ItemOutcome) { lock.lock(); slots[i] = o; lock.unlock() }
        func get(_ i: Int) -> ItemOutcome? { lock.lock(); defer { lock.unlock() }; return slots[i] }
    }

    /// The indices still to do, handed out one at a time.
    final class WorkQueue: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [Int]
        private var position = 0
        init(_ items: [Int]) { self.items = items }
        func next() -> Int? {
            lock.lock(); defer { lock.unlock() }
            guard position < items.count else { return nil }
            position += 1
            return items[position - 1]
        }
    }
}
