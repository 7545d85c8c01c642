// swift-tools-version:6.0
import PackageDescription

// One target per stage; dependencies point one way (see docs/architecture.md):
//   SzponWire (what the build and the server share: JSON, records, the server manifest, hashing)
//     -> SzponContent -> SzponMarkdown (+ CCMarkGFM) -> SzponSite -> SzponBundle (+ CArchive)
//     -> SzponStore (knows records and the manifest, never the Markdown content)
//   SzponSite, SzponStore -> SzponServer
//   everything -> szpon (the CLI)
let package = Package(
    name: "szpon",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "szpon", targets: ["szpon"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.100.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.0.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.21.0"),
        .package(url: "https://github.com/yaslab/CSV.swift.git", from: "2.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CCMarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        .systemLibrary(
            name: "CArchive",
            pkgConfig: "libarchive",
            providers: [.apt(["libarchive-dev"])]
        ),
        .target(
            name: "SzponWire",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "SzponContent",
            dependencies: [
                "SzponWire",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "SzponMarkdown",
            dependencies: ["CCMarkGFM", "SzponContent"]
        ),
        .target(
            name: "SzponSite",
            dependencies: [
                "SzponContent", "SzponMarkdown",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(
            name: "SzponBundle",
            dependencies: [
                "CArchive", "SzponWire", "SzponSite",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "SzponStore",
            dependencies: [
                "SzponWire",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CSV", package: "CSV.swift"),
            ]
        ),
        .target(
            name: "SzponServer",
            dependencies: [
                "SzponContent", "SzponMarkdown", "SzponSite", "SzponStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdOTP", package: "hummingbird-auth"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        .executableTarget(
            name: "szpon",
            dependencies: [
                "SzponContent", "SzponMarkdown", "SzponSite", "SzponStore", "SzponServer", "SzponBundle",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "SzponWireTests", dependencies: ["SzponWire"]),
        .testTarget(name: "SzponContentTests", dependencies: ["SzponContent"]),
        .testTarget(name: "SzponMarkdownTests", dependencies: ["SzponMarkdown"]),
        .testTarget(name: "SzponSiteTests", dependencies: ["SzponSite"]),
        .testTarget(name: "SzponStoreTests", dependencies: ["SzponStore"], exclude: ["Fixtures"]),
        .testTarget(name: "SzponBundleTests", dependencies: ["SzponBundle"]),
        .testTarget(
            name: "SzponServerTests",
            dependencies: [
                "SzponServer", "SzponSite", "SzponStore",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
    ]
)
