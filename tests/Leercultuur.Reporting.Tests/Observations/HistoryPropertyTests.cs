using CsCheck;
using Dapper;
using Leercultuur.Contracts;
using Leercultuur.Data;
using Leercultuur.Reporting.Aggregation;
using Leercultuur.Reporting.Observations;
using Leercultuur.Testing;

namespace Leercultuur.Reporting.Tests.Observations;

/// <summary>
/// For random histories of scans, replacements, withdrawals and erasures, arriving in a random order:
/// the released observations are exactly those of a history that only ever held the facts left standing,
/// and a rebuild gives them again.
/// </summary>
public sealed class HistoryPropertyTests
{
    private static readonly string[] Sections = ["C", "F", "J"];
    private static readonly string[] Sizes = ["micro", "small"];
    private static readonly string[] Provinces = ["NL-UT", "NL-GE"];

    /// <summary>What becomes of an organisation's scan: kept, replaced by a later one, withdrawn, its organisation erased, or replaced and the replacement withdrawn.</summary>
    private enum Fate
    {
        Kept,
        Replaced,
        Withdrawn,
        Erased,
        ReplacementWithdrawn,
    }

    /// <param name="Rescan">The instrument version of its later scan: 1, or 2 (declared comparable, its dimension under another key), pooled with 1 in one release.</param>
    private sealed record Organisation(int Sector, int Size, int Province, double Mean, int Respondents, int Quarter, Fate Fate, int Rescan);

    private const string RenamedDimension = "safety-v2";

    private static readonly VersionComparability Declared = new() { Version = 1, Dimensions = new Dictionary<string, string> { [RenamedDimension] = "psychological-safety" } };

    private static readonly Gen<(Organisation[] Organisations, int Seed)> Histories = Gen.Select(
        Gen.Select(Gen.Select(Gen.Int[0, 2], Gen.Int[0, 1], Gen.Int[0, 1], Gen.Int[100, 700], Gen.Int[3, 9], Gen.Int[1, 2], Gen.Int[0, 9]), Gen.Int[1, 2])
            .Select((t, rescan) => new Organisation(t.Item1, t.Item2, t.Item3, t.Item4 / 100.0, t.Item5, t.Item6, t.Item7 switch { < 5 => Fate.Kept, 5 or 6 => Fate.Replaced, 7 => Fate.Withdrawn, 8 => Fate.Erased, _ => Fate.ReplacementWithdrawn }, rescan))
            .Array[8, 40],
        Gen.Int);

    private static readonly string[] Periods = ["2025-Q1", "2025-Q2", "2025"];

    [Fact]
    public async Task Replacements_withdrawals_and_erasures_in_any_order_release_exactly_the_history_without_the_removed_facts_and_a_rebuild_gives_the_same()
    {
        await Histories.SampleAsync(
            async history =>
            {
                var completed = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);
                var full = new List<Func<Database, AggregateRepository, Task>>();
                var clean = new List<ScanCompletedV2>();
                foreach (var o in history.Organisations)
                {
                    var organisation = Guid.NewGuid();
                    var first = Scan(o, organisation, o.Mean, completed.AddDays(o.Quarter * 30));
                    var second = Scan(o, organisation, Math.Min(7, o.Mean + 0.75), completed.AddDays((o.Quarter * 30) + 5), o.Rescan);
                    full.Add((d, a) => AggregateTestDatabase.ApplyAsync(d, a, first));
                    switch (o.Fate)
                    {
                        case Fate.Kept:
                            clean.Add(first);
                            break;
                        case Fate.Replaced:
                            full.Add((d, a) => AggregateTestDatabase.ApplyAsync(d, a, second));
                            clean.Add(second);
                            break;
                        case Fate.Withdrawn:
                            full.Add((d, a) => WithdrawAsync(d, a, first));
                            break;
                        case Fate.Erased:
                            full.Add((d, a) => d.InTransactionAsync(
                                async (c, t) =>
                                {
                                    await a.EraseAsync(c, t, organisation, DateTimeOffset.UtcNow, CancellationToken.None);
                                    return true;
                                },
                                CancellationToken.None));
                            break;
                        case Fate.ReplacementWithdrawn:
                            full.Add((d, a) => AggregateTestDatabase.ApplyAsync(d, a, second));
                            full.Add((d, a) => WithdrawAsync(d, a, second));
                            break;
                    }
                }

                // Every message in a random order of arrival (an erasure may come before the scans it erases).
                var order = full.ToArray();
                new Random(history.Seed).Shuffle(order);
                await using var withHistory = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
                var (database, aggregates, _) = AggregateTestDatabase.Setup(withHistory);
                await DeclareAsync(database);
                foreach (var apply in order)
                {
                    await apply(database, aggregates);
                }

                await using var withoutHistory = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
                var (cleanDatabase, cleanAggregates, _) = AggregateTestDatabase.Setup(withoutHistory);
                await DeclareAsync(cleanDatabase);
                foreach (var scan in clean)
                {
                    await AggregateTestDatabase.ApplyAsync(cleanDatabase, cleanAggregates, scan);
                }

                var released = await ReleaseAsync(database);
                var expected = await ReleaseAsync(cleanDatabase);
                var missing = expected.Except(released).ToList();
                var extra = released.Except(expected).ToList();
                Assert.True(missing.Count == 0 && extra.Count == 0, $"without the history: {string.Join("; ", missing.Take(3))} / with it: {string.Join("; ", extra.Take(3))}");
                if (clean.Count > 0)
                {
                    Assert.NotEmpty(released);
                }

                var builder = new ReleaseBuilder(database, Microsoft.Extensions.Options.Options.Create(new Indicators.DisclosureOptions()), TimeProvider.System);
                var rebuilt = await builder.ReleaseTogetherAsync(Periods.Select(p => (TestEvents.Instrument, 1, p)).ToList(), CancellationToken.None);
                Assert.All(rebuilt, o => Assert.Equal(ReleaseOutcome.Unchanged, o.Outcome));
                Assert.Equal(released, await RowsAsync(database));
            },
            iter: 6,
            threads: 1);
    }

    private static ScanCompletedV2 Scan(Organisation o, Guid organisation, double mean, DateTimeOffset completedAt, int version = 1)
    {
        var scan = TestEvents.V2(TestEvents.ScanCompleted(
            mean,
            section: Sections[o.Sector],
            sizeClass: Sizes[o.Size],
            province: Provinces[o.Province],
            period: $"2025-Q{o.Quarter}",
            respondents: o.Respondents,
            organisationId: organisation,
            completedAt: completedAt));
        return version == 1 ? scan : scan with
        {
            InstrumentVersion = 2,
            Scores = [.. scan.Scores.Select(d => d with { Dimension = RenamedDimension })],
            ComparableTo = Declared,
        };
    }

    /// <summary>What the consumer records before the first scan of version 2 is applied: its declaration.</summary>
    private static Task DeclareAsync(Database<ReportingModule> database) =>
        new InstrumentVersions(database).RecordAsync([Scan(new Organisation(0, 0, 0, 4, 3, 1, Fate.Kept, 2), Guid.NewGuid(), 4, DateTimeOffset.UtcNow, 2)], CancellationToken.None);

    private static Task<ApplyResult> WithdrawAsync(Database database, AggregateRepository aggregates, ScanCompletedV2 scan) =>
        database.InTransactionAsync(
            (c, t) => aggregates.WithdrawAsync(c, t, new ScanWithdrawn
            {
                ScanId = scan.ScanId,
                OrganisationId = scan.OrganisationId,
                InstrumentKey = scan.InstrumentKey,
                InstrumentVersion = scan.InstrumentVersion,
                Period = scan.Period,
                CompletedAt = scan.CompletedAt,
                WithdrawnAt = scan.CompletedAt.AddDays(1),
            }, 3, CancellationToken.None),
            CancellationToken.None);

    /// <summary>The quarters, then the year, released once; every stored row as text without its moment.</summary>
    private static async Task<List<string>> ReleaseAsync(Database<ReportingModule> database)
    {
        var builder = new ReleaseBuilder(database, Microsoft.Extensions.Options.Options.Create(new Indicators.DisclosureOptions()), TimeProvider.System);
        foreach (var period in Periods)
        {
            await builder.ReleaseAsync(TestEvents.Instrument, 1, period, CancellationToken.None);
        }

        return await RowsAsync(database);
    }

    private static async Task<List<string>> RowsAsync(Database<ReportingModule> database)
    {
        await using var connection = await database.OpenAsync();
        var rows = await connection.QueryAsync<ObservationRow>(
            "SELECT instrument_key, instrument_version, period, dimension, role, programme, sector_view, sector, size_class, province, status, reason, organisations, respondents, mean, standard_deviation, ci_lower, ci_upper, median, p25, p75, changed_at FROM observations");
        return rows
            .Select(r => string.Join('|', r.Period, r.Dimension, r.Role, r.Programme, r.SectorView, r.Sector, r.SizeClass, r.Province, r.Status, r.Reason, r.Organisations, r.Respondents, r.Mean, r.StandardDeviation, r.CiLower, r.CiUpper, r.Median, r.P25, r.P75))
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
