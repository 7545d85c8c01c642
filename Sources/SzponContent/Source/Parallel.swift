import Dispatch

/// Work spread over all cores, with results in input order (so output stays deterministic).
public enum Parallel {
    /// `(0..<count).map(transform)`, computed on all cores. Each index is computed by one
    /// thread and written to its own slot, so the slots need no lock.
    public static func map<T: Sendable>(_ count: Int, _ transform: @Sendable (Int) -> T) -> [T] {
        var results = [T?](repeating: nil, count: count)
        results.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let slots = buffer
            DispatchQueue.concurrentPerform(iterations: count) { index in
                slots[index] = transform(index)
            }
        }
        return results.map { $0! }
    }
}
