using System.Globalization;
using Leercultuur.Benchmarks;
using Leercultuur.Contracts;
using Leercultuur.Data;
using Leercultuur.Messaging;
using Leercultuur.Messaging.Inbox;
using Leercultuur.Reporting;
using Leercultuur.Reporting.Aggregation;
using Leercultuur.Reporting.Indicators;
using Leercultuur.Testing;
using Microsoft.Extensions.Logging.Abstractions;

// Reporting's hot paths, each against a baseline measured in the same run on the same database:
// - ingesting one ScanCompleted (inbox + contribution + cell upserts) vs. the inbox row alone, the
//   least any exactly-once consumer must write;
// - an indicator query grouped three ways vs. the same cells summed without grouping;
// - released observations grouped three ways vs. the national total, from the same release;
// - an event through the outbox (row written in a transaction, relayed with confirms, marked sent)
//   vs. publishing it straight to RabbitMQ with confirms.
// - with --scale 10000,1000000: on PostgreSQL holding that many facts (ScaleBenchmark), a backlog of --backlog
//   ScanCompletedV2 drained from RabbitMQ by reporting's batch consumer vs a MassTransit no-op consumer on the
//   same queue (IngestBenchmark), a batch of 100 into facts vs its inbox rows, and the three-way observations
//   query vs the national total.
// Usage: dotnet run -c Release --project tests/Leercultuur.Benchmarks [-- --engines Sqlite,PostgreSql] [--scans 2000] [--scale 10000,1000000]
// With --report FILE (what ./bench.sh runs): every figure of docs/performance.md, --runs times, medians in a table.
if (Array.IndexOf(args, "--report") is var reportAt and >= 0)
{
    var path = reportAt + 1 < args.Length ? args[reportAt + 1] : "docs/performance.md";
    var scales = Option("--scale", "10000,1000000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
    var runs = int.Parse(Option("--runs", "3"), CultureInfo.InvariantCulture);
    var backlog = int.Parse(Option("--backlog", "100000"), CultureInfo.InvariantCulture);
    var relayRows = int.Parse(Option("--relay-rows", "100000"), CultureInfo.InvariantCulture);
    var relays = new List<(double Relay, double Publish)>();
    var completions = int.Parse(Option("--completions", "3000"), CultureInfo.InvariantCulture);
    var freshness = new List<FreshnessBenchmark.Figures>();
    var figures = new List<IReadOnlyList<ScaleBenchmark.Figures>>();
    var coldStarts = new List<double>();
    var standalone = new List<double>();
    List<(Measurement Run, Measurement Baseline)> table = [];
    for (var run = 1; run <= runs; run++)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"== run {run} of {runs}"));
        (table, var scaleFigures) = await ScaleBenchmark.RunAsync(scales, 30, backlog);
        figures.Add(scaleFigures);
        coldStarts.Add(await StandaloneBenchmark.ColdStartAsync());
        standalone.Add(await StandaloneBenchmark.IngestAsync(30));
        relays.Add(await OutboxBenchmark.DrainAsync(relayRows));
        freshness.Add(await FreshnessBenchmark.RunAsync(completions, 500));
    }

    Print(table);
    var markdown = await PerformanceReport.MarkdownAsync(PerformanceReport.Rows(figures, coldStarts, standalone, relays, freshness, backlog, relayRows), runs, string.Join(' ', args));
    Console.WriteLine();
    Console.WriteLine(markdown);
    await File.WriteAllTextAsync(path, markdown);
    return 0;
}

// --freshness N: only N completions through the separate hosts at 500/s, request to fact in reporting.
if (Array.IndexOf(args, "--freshness") is var freshAt and >= 0)
{
    await FreshnessBenchmark.RunAsync(freshAt + 1 < args.Length ? int.Parse(args[freshAt + 1], CultureInfo.InvariantCulture) : 5000, double.Parse(Option("--rate", "500"), CultureInfo.InvariantCulture));
    return 0;
}

// --relay N: only the outbox drain of N rows against MassTransit publishing as many.
if (Array.IndexOf(args, "--relay") is var relayAt and >= 0)
{
    await OutboxBenchmark.DrainAsync(relayAt + 1 < args.Length ? int.Parse(args[relayAt + 1], CultureInfo.InvariantCulture) : 20000);
    return 0;
}

// --ingest N: only the backlog drains (raw, no-op, reporting's consumer) into an empty PostgreSQL database, for
// profiling with dotnet-trace or dotnet-counters (docs/performance.md says how).
if (Array.IndexOf(args, "--ingest") is var ingestAt and >= 0)
{
    var count = ingestAt + 1 < args.Length ? int.Parse(args[ingestAt + 1], CultureInfo.InvariantCulture) : 5000;
    await using var test = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
    var database = new Database<ReportingModule>(test.Options);
    DatabaseMigrator.Migrate(database, [typeof(ReportingModule).Assembly, typeof(MessagingOptions).Assembly], NullLogger.Instance);
    var drained = await IngestBenchmark.RunAsync(database, "PostgreSql", count);
    Print([(drained.Run, drained.Baseline), (drained.Run, drained.Raw)]);
    return 0;
}

if (Array.IndexOf(args, "--scale") is var at and >= 0)
{
    var scales = (at + 1 < args.Length ? args[at + 1] : "10000,1000000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
    Print((await ScaleBenchmark.RunAsync(scales, 30, int.Parse(Option("--backlog", "5000"), CultureInfo.InvariantCulture))).Table);
    return 0;
}

var engines = Option("--engines", "Sqlite,PostgreSql").Split(',').Select(Enum.Parse<DatabaseProvider>).ToList();
var scans = int.Parse(Option("--scans", "2000"), CultureInfo.InvariantCulture);
var results = new List<(Measurement Run, Measurement Baseline)>();

foreach (var engine in engines)
{
    await using var test = await TestDatabase.CreateAsync(engine);
    var database = new Database<ReportingModule>(test.Options);
    DatabaseMigrator.Migrate(database, [typeof(ReportingModule).Assembly, typeof(MessagingOptions).Assembly], NullLogger.Instance);
    var inbox = new Inbox<ReportingModule>(database, TimeProvider.System);
    var aggregates = new AggregateRepository(database);
    var indicators = new IndicatorRepository(database);
    var random = new Random(42);
    var name = engine.ToString();

    var baselineIngest = await Measurement.RunAsync("ingest: inbox row only (baseline)", name, scans, _ =>
        inbox.ProcessOnceAsync(Guid.NewGuid(), "benchmark", (_, _) => Task.CompletedTask, CancellationToken.None));
    var ingest = await Measurement.RunAsync("ingest: ScanCompleted into cells", name, scans, _ =>
        inbox.ProcessOnceAsync(Guid.NewGuid(), "benchmark", (c, t) => aggregates.ApplyAsync(c, t, RandomScan(random), 3, CancellationToken.None), CancellationToken.None));
    results.Add((ingest, baselineIngest));

    IReadOnlyList<GroupDimension> threeWays = [GroupDimension.Sector, GroupDimension.SizeClass, GroupDimension.Province];
    var baselineQuery = await Measurement.RunAsync("query: no grouping (baseline)", name, 200, _ =>
        indicators.CellsAsync("team-psychological-safety", "2026-Q1", [], CancellationToken.None));
    var query = await Measurement.RunAsync("query: sector × size × province", name, 200, _ =>
        indicators.CellsAsync("team-psychological-safety", "2026-Q1", threeWays, CancellationToken.None));
    results.Add((query, baselineQuery));

    // The release (disclosure control over the whole table family) runs once per period; queries read its rows.
    var releases = new Leercultuur.Reporting.Observations.ReleaseBuilder(database, Microsoft.Extensions.Options.Options.Create(new DisclosureOptions()), TimeProvider.System);
    var released = await Measurement.RunAsync("release: 2026-Q1, every family and dimension", name, 1, _ => releases.ReleaseAsync("team-psychological-safety", 1, "2026-Q1", CancellationToken.None));
    var reader = new Leercultuur.Reporting.Observations.ObservationReader(database, new Leercultuur.Reporting.Aggregation.InstrumentVersions(database));
    Leercultuur.Reporting.Observations.ObservationQuery Query(params string[] groupBy) =>
        new("team-psychological-safety", [], ["_T"], groupBy, [], [], [], [], 2025, new Period(2026, 1), new Period(2026, 1), null);
    var baselineControl = await Measurement.RunAsync("observations: national total (baseline)", name, 200, _ => reader.ReadAsync(Query(), [], CancellationToken.None));
    var control = await Measurement.RunAsync("observations: sector × size × province", name, 200, _ => reader.ReadAsync(Query("sector", "sizeClass", "province"), [], CancellationToken.None));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"release of 2026-Q1 on {name}: {released.MedianMicroseconds / 1000:F0} ms"));
    results.Add((control, baselineControl));
}

results.AddRange(await OutboxBenchmark.RunAsync(engines.Contains(DatabaseProvider.PostgreSql) ? DatabaseProvider.PostgreSql : DatabaseProvider.Sqlite));

Print(results);
return 0;

static void Print(IEnumerable<(Measurement Run, Measurement Baseline)> results)
{
    Console.WriteLine();
    Console.WriteLine($"| scenario | engine | ops | median µs | p95 µs | bytes/op | ratio to baseline (median) |");
    Console.WriteLine($"|---|---|---:|---:|---:|---:|---:|");
    foreach (var (run, baseline) in results)
    {
        foreach (var m in new[] { baseline, run })
        {
            var ratio = m == baseline ? "1.00" : (run.MedianMicroseconds / baseline.MedianMicroseconds).ToString("F2", CultureInfo.InvariantCulture);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {m.Scenario} | {m.Engine} | {m.Operations} | {m.MedianMicroseconds:F0} | {m.P95Microseconds:F0} | {m.BytesPerOperation:F0} | {ratio} |"));
        }
    }
}

string Option(string name, string fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
}

static ScanCompleted RandomScan(Random random)
{
    string[] sections = ["C", "F", "G", "I", "J", "M", "Q"];
    string[] sizes = ["micro", "small", "medium", "large"];
    string[] provinces = ["NL-ZH", "NL-NH", "NL-NB", "NL-GE", "NL-UT"];
    return TestEvents.ScanCompleted(
        1 + (random.NextDouble() * 6),
        section: sections[random.Next(sections.Length)],
        sizeClass: sizes[random.Next(sizes.Length)],
        province: provinces[random.Next(provinces.Length)],
        period: "2026-Q1",
        respondents: random.Next(3, 12));
}
