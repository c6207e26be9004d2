import Foundation

/// A thread-safe cache for work that planning repeats per step (loading a pack,
/// compiling a scorer): the same answer for the same key, computed once per process.
final class Memo<Key: Hashable, Result>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Key: Result] = [:]

    func value(_ key: Key, _ make: () throws -> Result) rethrows -> Result {
        lock.lock()
        if let v = values[key] { lock.unlock(); return v }
        lock.unlock()
        let v = try make()
        lock.lock()
        values[key] = v
        lock.unlock()
        return v
    }
}
