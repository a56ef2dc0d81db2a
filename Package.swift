// swift-tools-version:6.0
import PackageDescription

// plancc: a compiler from database change specs to reviewed-ready migration scripts.
// Dependencies are kept to what the job needs:
//  - libyaml (system library, Debian libyaml-dev): the YAML parser, wrapped once in PlanYAML.
//  - libpg_query (system library, Debian libpg-query-dev, no pkg-config file): PostgreSQL 15's own
//    parser, wrapped once in PlanSQL, so that `plancc check` finds a syntax error in a spec's SQL
//    offline instead of the database finding it at deploy time, and tests prove that every
//    statement plancc writes for PostgreSQL parses. scripts/bootstrap installs it.
//  - swift-argument-parser: the command line; used by the thin `plancc` executable only.
let package = Package(
    name: "plancc",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "plancc", targets: ["plancc"]),
        .library(name: "PlanccKit", targets: ["PlanccKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        .systemLibrary(
            name: "CPgQuery",
            providers: [.apt(["libpg-query-dev"])]
        ),
        // JSON writer, SHA-256, text helpers: no dependencies.
        .target(name: "PlanSupport"),
        // Diagnostics as values, their codes, and text / JSON / SARIF renderings.
        .target(name: "PlanDiagnostics", dependencies: ["PlanSupport"]),
        // libyaml's event stream into a located node tree, with limits.
        .target(name: "PlanYAML", dependencies: ["CYAML", "PlanDiagnostics"]),
        // PostgreSQL's parser over libpg_query: a parse tree or a syntax error with its offset.
        .target(name: "PlanSQL", dependencies: ["CPgQuery"]),
        // The spec model (format 1), its decoding and its validation.
        .target(name: "PlanSpec", dependencies: ["PlanYAML", "PlanDiagnostics", "PlanSupport", "PlanSQL"]),
        // Risk and impact analysis: one rule per file.
        .target(name: "PlanRules", dependencies: ["PlanSpec"]),
        // The schema model replayed from the history of specs: checks against history, inferred facts.
        .target(name: "PlanSchema", dependencies: ["PlanSpec", "PlanDiagnostics", "PlanSupport", "PlanSQL"]),
        // The dialect-neutral plan: phases of steps, each built with its reverse.
        .target(name: "Planner", dependencies: ["PlanSpec"]),
        // One backend per dialect; none depends on another.
        .target(name: "BackendPostgreSQL", dependencies: ["Planner", "PlanSQL"]),
        .target(name: "BackendMySQL", dependencies: ["Planner"]),
        .target(name: "BackendMongoDB", dependencies: ["Planner"]),
        // CHANGE.md, plan.json, INDEX.md.
        .target(name: "PlanRecords", dependencies: ["Planner", "PlanRules"]),
        // The pipeline the commands share: load, check, compile, write atomically.
        .target(
            name: "PlanccKit",
            dependencies: [
                "PlanYAML", "PlanSpec", "PlanSchema", "PlanRules", "Planner", "PlanRecords",
                "BackendPostgreSQL", "BackendMySQL", "BackendMongoDB",
            ]
        ),
        // Speed and memory against libyaml's own parse; prints figures, asserts nothing.
        .executableTarget(
            name: "plancc-bench",
            dependencies: ["PlanccKit", "PlanSpec", "PlanRules", "CYAML"],
            path: "Benchmarks/plancc-bench"
        ),
        .executableTarget(
            name: "plancc",
            dependencies: ["PlanccKit", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Shared by the test targets: running processes, the repo's paths, compiling a spec.
        .target(name: "TestSupport", dependencies: ["PlanccKit"], path: "Tests/TestSupport"),
        .testTarget(name: "PlanSupportTests", dependencies: ["PlanSupport"]),
        .testTarget(name: "PlanSQLTests", dependencies: ["PlanSQL"]),
        .testTarget(name: "PlanYAMLTests", dependencies: ["PlanYAML", "TestSupport"]),
        .testTarget(name: "PlanSpecTests", dependencies: ["PlanSpec", "PlanccKit", "TestSupport"]),
        .testTarget(name: "PlanRulesTests", dependencies: ["PlanRules", "PlanccKit", "TestSupport"], exclude: ["Cases"]),
        .testTarget(name: "PlanRecordsTests", dependencies: ["PlanRecords", "PlanccKit", "TestSupport"]),
        .testTarget(name: "PlanccKitTests", dependencies: ["PlanccKit", "Planner", "PlanSchema", "PlanRules", "TestSupport"], exclude: ["Specs"]),
        // Round trips on real engines; each starts its own throwaway server.
        .testTarget(name: "PostgreSQLTests", dependencies: ["PlanccKit", "PlanSQL", "TestSupport"]),
        .testTarget(name: "MySQLTests", dependencies: ["PlanccKit", "TestSupport"]),
        .testTarget(name: "MongoDBTests", dependencies: ["PlanccKit", "TestSupport"], exclude: ["Specs", "Golden", "harness"]),
    ]
)
