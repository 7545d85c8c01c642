import SzponContent
import SzponMarkdown

/// Heading order: the page title is the only `h1`, and levels never skip
/// (screen-reader users navigate by headings; WCAG 1.3.1 and axe's heading-order).
enum HeadingCheck {
    static func run(_ document: MarkdownDocument, severity: Diagnostic.Severity = .error) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var previous = 1
        let headings = document.headings.sorted { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) }
        for heading in headings {
            if heading.level == 1 {
                diagnostics.append(heading.location.diagnostic(severity,
                    "the page title is the only level-1 heading; '# \(heading.text)' is another",
                    hint: "use '## \(heading.text)' for a section"))
            } else if heading.level > previous + 1 {
                diagnostics.append(heading.location.diagnostic(severity,
                    "heading level skips from \(previous) to \(heading.level): '\(heading.text)'",
                    hint: "use \(String(repeating: "#", count: previous + 1)) here"))
            }
            previous = heading.level
        }
        return diagnostics
    }
}
