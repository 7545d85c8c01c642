import ArgumentParser
import SzponContent
import SzponSite

/// `--links warning`, `--headings warning`: the levels of `checks:` in site.yaml, for one run.
struct CheckOptions: ParsableArguments {
    enum Level: String, ExpressibleByArgument, CaseIterable {
        case error, warning
    }

    @Option(help: "Broken links and anchors, missing images and files: error (the build stops) or warning (reported; the site is built). Overrides checks.links in site.yaml.")
    var links: Level?

    @Option(help: "Skipped heading levels and a second level-1 heading: error or warning. Overrides checks.headings in site.yaml.")
    var headings: Level?

    var levels: CheckLevels { CheckLevels(links: links?.rawValue, headings: headings?.rawValue) }
}

extension CheckOptions {
    func applied(to options: SiteBuilder.Options) -> SiteBuilder.Options {
        var options = options
        options.checks = levels
        return options
    }
}
