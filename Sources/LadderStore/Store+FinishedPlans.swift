import Foundation

extension Store {
    /// Whether every object of `plan` is present and intact: unchanged since its last full
    /// verification (its stamp matches), or else re-hashed now (as `reuse` would; a stamp
    /// is recorded when the object is old enough). Nothing is moved aside: an object found
    /// missing or corrupt answers false, and the step-by-step path then finds it again.
    public func objectsIntact(_ plan: FinishedPlan) throws -> Bool {
        let stamps = try database.stamps(ofObjectsIn: plan)
        guard stamps.allSatisfy({ ObjectHash.isValid($0.hash) }) else { return false }
        // Taking a stamp is a directory walk (open, read, stat per entry): two halves at once.
        let halves = 2, size = (stamps.count + 1) / 2
        let found = PartResults<[ObjectHash]>(count: halves)
        DispatchQueue.concurrentPerform(iterations: halves) { part in
            var unstamped: [ObjectHash] = []
            for (hex, recorded) in stamps[min(stamps.count, part * size) ..< min(stamps.count, (part + 1) * size)] {
                let h = ObjectHash(trusted: hex)
                if let recorded, ObjectStore.stamp(of: objects.path(of: h))?.stamp == recorded { continue }
                unstamped.append(h)
            }
            found.set(part, unstamped)
        }
        let unstamped = found.values.flatMap { $0 ?? [] }
        guard !unstamped.isEmpty else { return true }
        return try objects.states(unstamped, policy: .trustStamps, moveCorrupt: false).values.allSatisfy { $0 == .intact }
    }
}

/// One result slot per concurrent part, filled under a lock.
private final class PartResults<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [T?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ i: Int, _ value: T) {
        lock.lock(); defer { lock.unlock() }
        slots[i] = value
    }

    var values: [T?] {
        lock.lock(); defer { lock.unlock() }
        return slots
    }
}
