using System.Collections.Concurrent;
using System.Diagnostics;
using Dapper;
using Leercultuur.Contracts;
using Leercultuur.Data;
using Leercultuur.Messaging;
using Leercultuur.Reporting;
using Leercultuur.Reporting.Aggregation;
using Leercultuur.Reporting.Indicators;
using Leercultuur.Reporting.Observations;
using Leercultuur.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Leercultuur.FaultScenarios;

/// <summary>
/// A rebuild (every period recomputed in one long transaction) while the ingest keeps changing the same
/// periods, on PostgreSQL. The rebuild must neither fail nor make the ingest wait for it: it reads the
/// release queue's marks, and takes them off only after its commit, so the ingest marking the same rows
/// (a year sorts before its quarters, the rebuild goes quarters first) never waits on the rebuild's locks
/// or in a cycle with them. Nothing the ingest changed meanwhile is lost: it stays queued and the next
/// release counts it.
/// </summary>
public sealed class RebuildUnderIngestScenarios
{
    private const int OrganisationsPerQuarter = 500;
    private static readonly string[] Quarters = ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"];
    private static readonly string[] Periods = [.. Quarters, "2025"];
    private static readonly string[] Sections = ["C", "F", "J", "G"];
    private static readonly string[] Sizes = ["micro", "small", "medium"];
    private static readonly string[] Provinces = ["NL-UT", "NL-GE", "NL-NH"];

    [Fact]
    public async Task A_rebuild_while_scans_keep_arriving_for_its_periods_neither_fails_nor_holds_the_ingest_and_the_next_release_counts_every_scan()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        var database = new Database<ReportingModule>(test.Options);
        DatabaseMigrator.Migrate(database, [typeof(ReportingModule).Assembly, typeof(MessagingOptions).Assembly], NullLogger.Instance);
        var aggregates = new AggregateRepository(database);
        var builder = new ReleaseBuilder(database, Options.Create(new DisclosureOptions()), TimeProvider.System);

        // A year of scans, released; then one more scan in every quarter, so every period is queued again.
        var random = new Random(20251);
        foreach (var quarter in Quarters)
        {
            await ApplyAsync(database, aggregates, Enumerable.Range(0, OrganisationsPerQuarter).Select(_ => Scan(random, quarter)).ToList());
        }

        Assert.DoesNotContain(await builder.ReleaseTogetherAsync(Periods.Select(p => (TestEvents.Instrument, 1, p)).ToList(), CancellationToken.None), o => o.Outcome != ReleaseOutcome.Released);

        // How long a rebuild of these periods takes here, alone (one more scan per quarter, each period queued).
        await ApplyAsync(database, aggregates, Quarters.Select(q => Scan(random, q, oneAtom: true)).ToList());
        var alone = Stopwatch.StartNew();
        Assert.DoesNotContain(await builder.ReleaseTogetherAsync(Periods.Select(p => (TestEvents.Instrument, 1, p)).ToList(), CancellationToken.None), o => o.Outcome == ReleaseOutcome.Failed);
        var duration = alone.Elapsed;
        Assert.True(duration > TimeSpan.FromMilliseconds(500), $"a rebuild took {duration.TotalMilliseconds:F0} ms: too short to tell");

        await ApplyAsync(database, aggregates, Quarters.Select(q => Scan(random, q, oneAtom: true)).ToList());
        Assert.Equal(Periods.Length, await ScalarAsync<long>(database, "SELECT COUNT(*) FROM release_queue"));

        // The rebuild again; untouched until it has long passed the first quarter (a fifth of its periods), then
        // one scan after another into that quarter and so into the year, each in its own transaction as the
        // consumer's batches are. Had the rebuild taken the quarter's queue mark off inside its transaction,
        // each would wait for its commit, or deadlock with it on the year's mark.
        var clock = Stopwatch.StartNew();
        var rebuilt = TimeSpan.Zero;
        var rebuild = Task.Run(async () =>
        {
            var result = await builder.ReleaseTogetherAsync(Periods.Select(p => (TestEvents.Instrument, 1, p)).ToList(), CancellationToken.None);
            rebuilt = clock.Elapsed;
            return result;
        });
        var ingests = new ConcurrentBag<(TimeSpan Start, TimeSpan End)>();
        var arrived = 0;
        await Task.Delay(duration * 0.4);
        while (!rebuild.IsCompleted || arrived < 5)
        {
            var start = clock.Elapsed;
            await ApplyAsync(database, aggregates, [Scan(random, Quarters[0], oneAtom: true)]);
            ingests.Add((start, clock.Elapsed));
            arrived++;
            await Task.Delay(20);
        }

        var outcomes = await rebuild;
        Assert.DoesNotContain(outcomes, o => o.Outcome == ReleaseOutcome.Failed);

        // Scans into the quarter it had passed committed while it still ran: none waited for its commit.
        Assert.Contains(ingests, i => i.End < rebuilt);

        // What arrived meanwhile is queued still and counted by the next release, in the quarter and the year.
        // (They all went to one cell, k or more of them, so the revision may go out; the rebuild itself,
        // one organisation more per quarter, was held, as any revision by fewer than k is.)
        var next = await builder.ReleaseTogetherAsync(Periods.Select(p => (TestEvents.Instrument, 1, p)).ToList(), CancellationToken.None);
        Assert.Equal(
            [(Quarters[0], ReleaseOutcome.Released), ("2025", ReleaseOutcome.Released)],
            next.Where(o => o.Period == Quarters[0] || o.Period == "2025").Select(o => (o.Period, o.Outcome)));
        var counted = await ScalarAsync<long>(database, $"SELECT COUNT(*) FROM contributions WHERE period = '{Quarters[0]}' AND counted = 1");
        Assert.Equal(OrganisationsPerQuarter + 2 + arrived, counted);
        Assert.Equal(
            counted,
            await NationalAsync(database, Quarters[0]));
        Assert.Equal(await ScalarAsync<long>(database, "SELECT COUNT(*) FROM year_contributions WHERE period = '2025'"), await NationalAsync(database, "2025"));
    }

    private static Task<long> NationalAsync(Database database, string period) => ScalarAsync<long>(
        database,
        $"SELECT organisations FROM observations WHERE period = '{period}' AND role = '_T' AND programme = '_T' AND sector_view = 0 AND sector = '_T' AND size_class = '_T' AND province = '_T'");

    private static ScanCompletedV2 Scan(Random random, string quarter, bool oneAtom = false) => TestEvents.V2(TestEvents.ScanCompleted(
        3 + random.NextDouble() * 3,
        section: oneAtom ? Sections[0] : Sections[random.Next(Sections.Length)],
        sizeClass: oneAtom ? Sizes[0] : Sizes[random.Next(Sizes.Length)],
        province: oneAtom ? Provinces[0] : Provinces[random.Next(Provinces.Length)],
        period: quarter,
        respondents: 3 + random.Next(6),
        completedAt: new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(random.Next(360))));

    /// <summary>The scans in one transaction, their cell changes written once, as a consumer batch does.</summary>
    private static Task ApplyAsync(Database<ReportingModule> database, AggregateRepository aggregates, IReadOnlyList<ScanCompletedV2> scans) =>
        database.InTransactionAsync(
            async (connection, transaction) =>
            {
                var changes = new List<CellDelta>();
                foreach (var scan in scans)
                {
                    await aggregates.ApplyAsync(connection, transaction, scan, 3, changes, CancellationToken.None);
                }

                await aggregates.AddAllAsync(connection, transaction, changes, CancellationToken.None);
                return true;
            },
            CancellationToken.None);

    private static async Task<T> ScalarAsync<T>(Database database, string sql)
    {
        await using var connection = await database.OpenAsync();
        return (await connection.ExecuteScalarAsync<T>(sql))!;
    }
}
