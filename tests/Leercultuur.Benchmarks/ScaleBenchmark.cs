using System.Diagnostics;
using System.Globalization;
using Dapper;
using Leercultuur.Contracts;
using Leercultuur.Data;
using Leercultuur.Messaging;
using Leercultuur.Messaging.Inbox;
using Leercultuur.Reporting;
using Leercultuur.Reporting.Aggregation;
using Leercultuur.Reporting.Indicators;
using Leercultuur.Reporting.Observations;
using Leercultuur.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Leercultuur.Benchmarks;

/// <summary>
/// Whether reporting's cost grows with the facts it holds: the same ingest and the same queries on a
/// PostgreSQL database holding 10,000 facts and one holding 1,000,000 (eight released quarters, every
/// sector, size class and province). Ingest is measured per batch of 100 new scans as the batch
/// consumer writes them, against the 100 inbox rows alone; the three-way observations query against the
/// national total, both read from the same release.
/// </summary>
internal static class ScaleBenchmark
{
    private const string Instrument = "team-psychological-safety";
    private const int BatchSize = 100;

    /// <summary>What one scale gave: rates per second, latencies in ms, memory in bytes.</summary>
    public sealed record Figures(
        int Scale, double IngestRate, double NoOpRate, double RawRate, double QueryRate, double TrivialRate, double QueryP99, double TrivialP99, double GzipRate, double GzipP99, long Resident, long Peak, double ReleaseSeconds);

    public static async Task<(List<(Measurement Run, Measurement Baseline)> Table, List<Figures> Figures)> RunAsync(IReadOnlyList<int> scales, int batches, int backlog)
    {
        var results = new List<(Measurement, Measurement)>();
        var figures = new List<Figures>();
        foreach (var scale in scales)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"PostgreSql, {scale:N0} facts");
            await using var test = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
            var database = new Database<ReportingModule>(test.Options);
            DatabaseMigrator.Migrate(database, [typeof(ReportingModule).Assembly, typeof(MessagingOptions).Assembly], NullLogger.Instance);

            var seeding = Stopwatch.StartNew();
            await SeedAsync(database, scale);
            var builder = new ReleaseBuilder(database, Options.Create(new DisclosureOptions()), TimeProvider.System);
            var releasing = Stopwatch.StartNew();
            foreach (var quarter in Quarters)
            {
                await builder.ReleaseAsync(Instrument, 1, quarter, CancellationToken.None);
            }

            var releaseSeconds = releasing.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: seeded in {seeding.Elapsed.TotalSeconds - releaseSeconds:F1} s, eight quarters released in {releaseSeconds:F1} s"));

            var drained = await IngestBenchmark.RunAsync(database, name, backlog);
            results.Add((drained.Run, drained.Baseline));
            results.Add((drained.Run, drained.Raw));

            var inbox = new Inbox<ReportingModule>(database, TimeProvider.System);
            var aggregates = new AggregateRepository(database);
            var random = new Random(7);
            var baseline = await Measurement.RunAsync($"ingest batch of {BatchSize}: inbox rows only (baseline)", name, batches, _ =>
                database.InTransactionAsync(async (connection, transaction) =>
                {
                    await inbox.TryRecordAsync(connection, transaction, Enumerable.Range(0, BatchSize).Select(_ => Guid.NewGuid()).ToList(), "benchmark", CancellationToken.None);
                    return true;
                }, CancellationToken.None), warmup: 3);
            var ingest = await Measurement.RunAsync($"ingest batch of {BatchSize}: ScanCompletedV2 into facts", name, batches, _ =>
                BatchIngest.WriteAsync(database, inbox, aggregates, Enumerable.Range(0, BatchSize).Select(_ => RandomScan(random)).ToList()), warmup: 3);
            results.Add((ingest, baseline));

            var reader = new ObservationReader(database, new InstrumentVersions(database));
            ObservationQuery Query(params string[] groupBy) =>
                new(Instrument, [], [ObservationCodes.Total], groupBy, [], [], [], [], SbiCorrespondence.Sbi2025, new Period(2025, 4), new Period(2025, 4), null);
            var national = await Measurement.RunAsync("observations 2025-Q4: national total (baseline)", name, 200, _ => reader.ReadAsync(Query(), [], CancellationToken.None));
            var threeWays = await Measurement.RunAsync("observations 2025-Q4: sector × size × province", name, 200, _ => reader.ReadAsync(Query(ObservationQuery.Sector, ObservationQuery.SizeClass, ObservationQuery.Province), [], CancellationToken.None));
            results.Add((threeWays, national));
            var load = await QueryLoadBenchmark.RunAsync(test.Settings("Reporting:Database"), test.Options, name);
            var process = await ReportingProcessBenchmark.RunAsync(test, backlog);
            static double Rate(Measurement m) => 1_000_000 / m.MedianMicroseconds;
            figures.Add(new Figures(scale, Rate(drained.Run), Rate(drained.Baseline), Rate(drained.Raw), load.Rate, load.TrivialRate, load.P99, load.TrivialP99, load.GzipRate, load.GzipP99, process.Resident, process.Peak, releaseSeconds));
        }

        return (results, figures);
    }

    private static readonly string[] Quarters = ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"];

    /// <summary>
    /// <paramref name="count"/> organisations' facts, written set-based (a million through the consumer would
    /// take the better part of an hour): spread over the eight quarters and every sector, size class and
    /// province, with respondents from 3 to 12 and means over the whole scale.
    /// </summary>
    private static async Task SeedAsync(Database<ReportingModule> database, int count)
    {
        var sections = string.Join(",", SbiCorrespondence.Instance.Sections(SbiCorrespondence.Sbi2025).Select(s => $"'{s.Value}'"));
        var sizes = string.Join(",", ObservationCodes.SizeClasses.Select(s => $"'{s.Value}'"));
        var provinces = string.Join(",", ObservationCodes.Provinces.Select(s => $"'{s.Value}'"));
        var quarters = string.Join(",", Quarters.Select(q => $"'{q}'"));
        var generated =
            $"SELECT md5('o' || g)::uuid AS organisation_id, (ARRAY[{quarters}])[1 + g % 8] AS period, md5('s' || g)::uuid AS scan_id, " +
            $"(ARRAY[{sections}])[1 + (g / 8) % {SbiCorrespondence.Instance.Sections(SbiCorrespondence.Sbi2025).Count}] AS section, " +
            $"(ARRAY[{sizes}])[1 + (g / 7) % 4] AS size_class, (ARRAY[{provinces}])[1 + (g / 5) % 12] AS province, 3 + g % 10 AS respondents, " +
            "'{\"psychological-safety\":' || (1 + (g % 601) / 100.0)::text || '}' AS scores, " +
            "'{\"psychological-safety\":' || ((g % 601) / 6.0)::text || '}' AS scores100 " +
            "FROM generate_series(1, @count) g";
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO team_facts (organisation_id, instrument_key, instrument_version, period, team, scan_id, completed_at, source, sbi_version, sector_section, size_class, province, respondent_count, scores, dimension_respondents, programme_ids, sbi_code, scores100, roles) " +
            $"SELECT organisation_id, '{Instrument}', 1, period, '', scan_id, TIMESTAMPTZ '2026-01-01', 2, 2025, section, size_class, province, respondents, scores, '{{}}', '', '', scores100, '{{}}' FROM ({generated}) f",
            new { count }, commandTimeout: 3600));
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO contributions (organisation_id, instrument_key, instrument_version, period, scan_id, completed_at, sbi_version, sector_section, size_class, province, respondent_count, counted, scores, programme_ids, sbi_code, scores100, roles) " +
            $"SELECT organisation_id, '{Instrument}', 1, period, scan_id, TIMESTAMPTZ '2026-01-01', 2025, section, size_class, province, respondents, 1, scores, '', '', scores100, '{{}}' FROM ({generated}) f",
            new { count }, commandTimeout: 3600));
        await connection.ExecuteAsync(new CommandDefinition("ANALYZE contributions", commandTimeout: 3600));
        await connection.ExecuteAsync(new CommandDefinition("ANALYZE team_facts", commandTimeout: 3600));
    }

    private static ScanCompletedV2 RandomScan(Random random)
    {
        var sections = SbiCorrespondence.Instance.Sections(SbiCorrespondence.Sbi2025);
        return TestEvents.V2(TestEvents.ScanCompleted(
            1 + (random.NextDouble() * 6),
            section: sections[random.Next(sections.Count)].Value,
            sizeClass: ObservationCodes.SizeClasses[random.Next(4)].Value,
            province: ObservationCodes.Provinces[random.Next(12)].Value,
            period: "2026-Q1",
            respondents: random.Next(3, 12)));
    }
}
