/// Finds the known word an author most likely meant, for "did you mean" hints.
public enum Suggestion {
    public static func nearest(to word: String, in candidates: [String]) -> String? {
        // Short words are one slip away from many others; demand a closer match for them.
        let limit = word.count <= 4 ? 1 : max(2, word.count / 3)
        // Compared as Unicode scalars: Character comparison is an order of magnitude slower.
        let target = Array(word.lowercased().unicodeScalars)
        var best: (String, Int)?
        for candidate in candidates {
            let other = Array(candidate.lowercased().unicodeScalars)
            guard abs(other.count - target.count) <= limit, let distance = editDistance(target, other, limit: limit) else { continue }
            // The smallest distance, and of equals the first in sorted order, as a sorted scan would give.
            if let (known, knownDistance) = best, (knownDistance, known) <= (distance, candidate) { continue }
            best = (candidate, distance)
        }
        return best?.0
    }

    public static func didYouMean(_ word: String, in candidates: [String]) -> String? {
        nearest(to: word, in: candidates).map { "did you mean '\($0)'?" }
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        editDistance(Array(a.unicodeScalars), Array(b.unicodeScalars), limit: Int.max - 1) ?? 0
    }

    /// The edit distance when it is at most `limit`, else nil. It stops as soon as every
    /// entry of a row exceeds the limit: pages with thousands of broken links ask this
    /// for every link against every heading.
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int? {
        if a.isEmpty { return b.count <= limit ? b.count : nil }
        if b.isEmpty { return a.count <= limit ? a.count : nil }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMinimum = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                rowMinimum = Swift.min(rowMinimum, current[j])
            }
            if rowMinimum > limit { return nil }
            swap(&previous, &current)
        }
        return previous[b.count] <= limit ? previous[b.count] : nil
    }
}
