import Foundation

/// What both backends' set writes use to put many derived rows in one statement:
/// the rows grouped by their one-row INSERT, and that INSERT made into an n-row one.

/// Rows grouped by their statement, the statements in the order they first came.
struct OrderedRows {
    private(set) var groups: [(sql: String, rows: [[SQLValue]])] = []
    private var index: [String: Int] = [:]

    mutating func add(sql: String, _ values: [SQLValue]) {
        if let at = index[sql] {
            groups[at].rows.append(values)
        } else {
            index[sql] = groups.count
            groups.append((sql, [values]))
        }
    }
}

/// A one-row `INSERT … VALUES (…) rest` as a statement for n rows: the parenthesised row
/// after `VALUES` repeated, its `?` numbered on (`SQLText.postgres`).
struct MultiRowInsert {
    let head: Substring
    let row: Substring
    let tail: Substring

    init(_ sql: String) {
        // `VALUES (`, not a column named `value…` in the list before it.
        guard let values = sql.range(of: #"\bVALUES\s*\("#, options: [.regularExpression, .caseInsensitive]) else {
            preconditionFailure("not a one-row INSERT … VALUES (…): \(sql.prefix(80))")
        }
        let open = sql.index(before: values.upperBound)
        var depth = 0
        var close: String.Index?
        for index in sql[open...].indices {
            if sql[index] == "(" { depth += 1 }
            if sql[index] == ")" {
                depth -= 1
                if depth == 0 {
                    close = index
                    break
                }
            }
        }
        guard let close else { preconditionFailure("unbalanced VALUES row: \(sql.prefix(80))") }
        head = sql[..<open]
        row = sql[open...close]
        tail = sql[sql.index(after: close)...]
    }

    func sql(rows: Int) -> String {
        var text = String(head)
        text.reserveCapacity(head.count + (row.count + 2) * rows + tail.count)
        for number in 0..<rows {
            if number > 0 { text += ", " }
            text += row
        }
        text += tail
        return text
    }
}
