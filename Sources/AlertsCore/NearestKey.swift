/// The known name nearest to a misspelt one, by edit distance, so an unknown config key is refused with a suggestion
/// (`databse.url` → `database.url`) rather than silently ignored.
public enum NearestKey {
    /// Levenshtein distance: insertions, deletions and substitutions of one character each cost 1.
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// The member of `known` nearest to `key` (ties: the alphabetically first); nil when `known` is empty.
    public static func nearest(to key: String, in known: some Sequence<String>) -> String? {
        known.map { (name: $0, distance: distance(key, $0)) }
            .min { ($0.distance, $0.name) < ($1.distance, $1.name) }?.name
    }
}
