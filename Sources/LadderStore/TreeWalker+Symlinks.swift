import Foundation

extension TreeWalker {
    /// Longest chain of symlinks followed while resolving one target; the
    /// same bound Linux applies before it reports ELOOP.
    static let maxSymlinkHops = 40
}

extension TreeWalker {
    /// Resolves every symlink's target against the walked tree, following
    /// symlinks inside the tree, and refuses any that leaves it.
    ///
    /// A purely textual check is not enough: `a -> b/..` looks harmless but
    /// leaves the tree when `b` is itself a link to `../..`. Components that
    /// do not exist in the tree are treated textually, which is conservative.
    func checkSymlinks() throws {
        for link in symlinkList {
            var stack = link.dir
            var pending = Array(link.target.split(separator: "/").map(String.init).reversed())
            var hops = 0
            while let part = pending.popLast() {
                if part == "." { continue }
                if part == ".." {
                    guard !stack.isEmpty else {
                        throw StoreError.unsafeEntry(path: link.rel, reason: "the symlink target '\(link.target)' leads outside the output directory")
                    }
                    stack.removeLast()
                    continue
                }
                stack.append(part)
                if let inner = symlinkTarget(at: stack.joined(separator: "/")) {
                    hops += 1
                    guard hops <= TreeWalker.maxSymlinkHops else {
                        throw StoreError.unsafeEntry(path: link.rel, reason: "the symlink target '\(link.target)' loops")
                    }
                    guard !inner.hasPrefix("/") else {
                        throw StoreError.unsafeEntry(path: link.rel, reason: "the symlink target '\(link.target)' passes through an absolute symlink")
                    }
                    stack.removeLast()
                    pending.append(contentsOf: inner.split(separator: "/").map(String.init).reversed())
                }
            }
        }
    }
}
