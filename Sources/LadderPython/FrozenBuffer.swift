import Foundation

/// An immutable heap buffer read through a raw pointer, so hot loops index
/// it without reference counting or bounds checks.
///
/// `@unchecked Sendable`: the memory is written once in `init` and only read
/// afterwards; it is freed when the last reference goes away.
final class FrozenBuffer<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>
    let count: Int

    init(_ elements: [Element]) {
        count = elements.count
        base = UnsafeMutablePointer<Element>.allocate(capacity: max(1, elements.count))
        base.initialize(from: elements, count: elements.count)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    @inline(__always) subscript(_ k: Int) -> Element { base[k] }
}
