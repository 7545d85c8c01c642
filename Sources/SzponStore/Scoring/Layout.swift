import Foundation

/// score.js's `layout()`, bit for bit: which questions an attempt with this seed shows,
/// so the server can check that a record lists the questions its seed drew (and not
/// only the ones the learner got right).
public enum Layout {
    /// mulberry32, as score.js's `random(seed)`.
    struct Random {
        var state: UInt32

        mutating func next() -> Double {
            state = state &+ 0x6D2B79F5
            let a = state
            var t = (a ^ (a >> 15)) &* (a | 1)
            t ^= t &+ ((t ^ (t >> 7)) &* (t | 61))
            return Double(t ^ (t >> 14)) / 4_294_967_296
        }
    }

    static func shuffled<T>(_ list: [T], _ random: inout Random) -> [T] {
        var out = list
        var i = out.count - 1
        while i > 0 {
            let j = Int((random.next() * Double(i + 1)).rounded(.down))
            out.swapAt(i, j)
            i -= 1
        }
        return out
    }

    /// The question ids shown, in order, for a quiz version (its key JSON) and a seed.
    public static func questions(_ quiz: JSONValue, seed: UInt32) -> [String] {
        var random = Random(state: seed)
        let ids = (quiz["questions"]?.array ?? []).compactMap { $0["id"]?.string }
        let shuffle = quiz["shuffle"]?.bool ?? false
        if let draw = quiz["draw"]?.number.map({ Int($0) }), draw > 0, draw < ids.count {
            let picked = Array(shuffled(ids, &random).prefix(draw))
            return shuffle ? picked : ids.filter { picked.contains($0) }
        }
        return shuffle ? shuffled(ids, &random) : ids
    }

    /// JavaScript's `seed >>> 0` for a JSON number.
    public static func seed(_ value: JSONValue?) -> UInt32? {
        guard let number = value?.number, number.isFinite else { return nil }
        let truncated = number.rounded(.towardZero)
        let modulo = truncated.truncatingRemainder(dividingBy: 4_294_967_296)
        return UInt32(modulo < 0 ? modulo + 4_294_967_296 : modulo)
    }
}
