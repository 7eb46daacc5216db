using Dapper;
using Leercultuur.Contracts;
using Leercultuur.Data;
using Leercultuur.Messaging.Inbox;
using Leercultuur.Reporting.Aggregation;
using Leercultuur.Reporting.Indicators;
using Leercultuur.Testing;

using static Leercultuur.Reporting.Tests.AggregateTestDatabase;

namespace Leercultuur.Reporting.Tests;

/// <summary>The aggregate repository on every engine: additive cells, replacement, late and thin scans.</summary>
public sealed class AggregateSuite
{
    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task Cells_add_up_counts_sums_and_squares_and_group_by_sums_them(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var (database, aggregates, indicators) = Setup(test);

        await ApplyAsync(database, aggregates, TestEvents.ScanCompleted(4.0, section: "C", sizeClass: "small", respondents: 3));
        await ApplyAsync(database, aggregates, TestEvents.ScanCompleted(5.0, section: "C", sizeClass: "micro", respondents: 4));
        await ApplyAsync(database, aggregates, TestEvents.ScanCompleted(6.0, section: "F", sizeClass: "small", respondents: 5));

        var bySector = await indicators.CellsAsync("team-psychological-safety", "2026-Q4", [GroupDimension.Sector], CancellationToken.None);
        var c = bySector.Single(x => x.SectorSection == "C");
        Assert.Equal((2L, 7L, 9.0, 41.0), (c.Organisations, c.Respondents, c.SumOfMeans, c.SumOfSquares));
        var total = Assert.Single(await indicators.CellsAsync("team-psychological-safety", "2026-Q4", [], CancellationToken.None));
        Assert.Equal((3L, 12L, 15.0, 77.0), (total.Organisations, total.Respondents, total.SumOfMeans, total.SumOfSquares));
        Assert.Empty(await indicators.CellsAsync("team-psychological-safety", "2026-Q3", [], CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task A_later_scan_of_the_same_organisation_replaces_its_earlier_contribution(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var (database, aggregates, indicators) = Setup(test);
        var organisation = Guid.NewGuid();
        var earlier = DateTimeOffset.UtcNow.AddDays(-1);

        Assert.Equal(ApplyResult.Added, await ApplyAsync(database, aggregates, TestEvents.ScanCompleted(3.0, section: "C", organisationId: organisation, completedAt: earlier)));
        Assert.Equal(ApplyResult.Replaced, await ApplyAsync(database, aggregates, TestEvents.ScanCompleted(6.0, section: "F", organisationId: organisation, respondents: 8)));

        var cells = await indicators.CellsAsync("team-psychological-safety", "2026-Q4", [GroupDimension.Sector], CancellationToken.None);
        var only = Assert.Single(cells);
        Assert.Equal(("F", 1L, 8L, 6.0), (only.SectorSection, only.Organisations, only.Respondents, only.SumOfMeans));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task An_older_scan_arriving_late_and_the_same_scan_again_change_nothing(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var (database, aggregates, indicators) = Setup(test);
        var organisation = Guid.NewGuid();
        var latest = TestEvents.ScanCompleted(5.0, organisationId: organisation);

        await ApplyAsync(database, aggregates, latest);
        Assert.Equal(ApplyResult.Stale, await ApplyAsync(database, aggregates, TestEvents.ScanCompleted(2.0, organisationId: organisation, completedAt: latest.CompletedAt.AddHours(-3))));
        Assert.Equal(ApplyResult.Stale, await ApplyAsync(database, aggregates, latest));

        var total = Assert.Single(await indicators.CellsAsync("team-psychological-safety", "2026-Q4", [], CancellationToken.None));
        Assert.Equal((1L, 5.0), (total.Organisations, total.SumOfMeans));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task A_scan_with_too_few_respondents_is_recorded_but_not_counted(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var (database, aggregates, indicators) = Setup(test);

        Assert.Equal(ApplyResult.TooFewRespondents, await ApplyAsync(database, aggregates, TestEvents.ScanCompleted(5.0, respondents: 2)));

        Assert.Empty(await indicators.CellsAsync("team-psychological-safety", "2026-Q4", [], CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task A_consumer_that_dies_mid_update_leaves_nothing_behind_and_its_redelivery_counts_once(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var (database, aggregates, indicators) = Setup(test);
        var inbox = new Inbox<ReportingModule>(database, TimeProvider.System);
        var messageId = Guid.NewGuid();
        var scan = TestEvents.ScanCompleted(5.5);

        await Assert.ThrowsAsync<IOException>(() => inbox.ProcessOnceAsync(messageId, "reporting.scan-completed", async (c, t) =>
        {
            await aggregates.ApplyAsync(c, t, scan, 3, CancellationToken.None);
            throw new IOException("the process died before the commit");
        }, CancellationToken.None));
        Assert.Empty(await indicators.CellsAsync("team-psychological-safety", "2026-Q4", [], CancellationToken.None));

        for (var delivery = 0; delivery < 2; delivery++)
        {
            await inbox.ProcessOnceAsync(messageId, "reporting.scan-completed", (c, t) => aggregates.ApplyAsync(c, t, scan, 3, CancellationToken.None), CancellationToken.None);
        }

        var total = Assert.Single(await indicators.CellsAsync("team-psychological-safety", "2026-Q4", [], CancellationToken.None));
        Assert.Equal((1L, 3L, 5.5), (total.Organisations, total.Respondents, total.SumOfMeans));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task Conflicting_scans_of_the_same_organisations_applied_at_once_leave_every_national_and_programme_cell_equal_to_the_direct_computation(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var (database, aggregates, _) = Setup(test);
        var inbox = new Inbox<ReportingModule>(database, TimeProvider.System);
        var random = new Random(2026);
        var start = new DateTimeOffset(2026, 10, 1, 8, 0, 0, TimeSpan.Zero);
        string[] sections = ["C", "F", "G"];
        string[] sizes = ["micro", "small"];
        Guid[] programmes = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];

        // 40 organisations, each scanned 6 times in one period and 2 times in another, with a sector or
        // size that may change between scans (a replacement moves the organisation between cells),
        // some scans too thin to count, and two scans completed at the very same instant; each scan
        // carries zero to three programmes, which may change between scans as memberships do.
        var scans = new List<ScanCompleted>();
        foreach (var organisation in Enumerable.Range(0, 40).Select(_ => Guid.NewGuid()))
        {
            foreach (var (period, count) in new[] { ("2026-Q4", 6), ("2026-Q3", 2) })
            {
                for (var i = 0; i < count; i++)
                {
                    scans.Add(TestEvents.ScanCompleted(
                        Math.Round(1 + (random.NextDouble() * 6), 3),
                        section: sections[random.Next(sections.Length)],
                        sizeClass: sizes[random.Next(sizes.Length)],
                        period: period,
                        respondents: random.Next(2, 9),
                        organisationId: organisation,
                        completedAt: start.AddMinutes(i == count - 1 ? count - 2 : i),
                        programmes: programmes.Where(_ => random.NextDouble() < 0.4).ToList()));
                }
            }
        }

        // Delivered in random order, 16 at a time, some of them twice (a redelivery).
        var deliveries = scans.Select(scan => (Id: Guid.NewGuid(), Scan: scan)).ToList();
        deliveries.AddRange(deliveries.Where(_ => random.NextDouble() < 0.1).ToList());
        deliveries = deliveries.OrderBy(_ => random.Next()).ToList();
        await Parallel.ForEachAsync(deliveries, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (delivery, cancellationToken) =>
            await inbox.ProcessOnceAsync(delivery.Id, ScanCompletedConsumer.InboxName, (c, t) => aggregates.ApplyAsync(c, t, delivery.Scan, 3, cancellationToken), cancellationToken));

        // The latest counted scan per organisation and quarter, in the national family and in each of its programmes'.
        var latest = scans
            .GroupBy(s => (s.OrganisationId, s.InstrumentKey, s.InstrumentVersion, s.Period))
            .Select(g => g.OrderByDescending(s => s.CompletedAt).ThenByDescending(s => s.ScanId).First())
            .Where(s => s.RespondentCount >= 3)
            .ToList();
        // The year: per organisation its latest counted contribution of any of the year's periods.
        var yearly = latest
            .GroupBy(s => (s.OrganisationId, s.InstrumentKey, s.InstrumentVersion, Year: s.Period[..4]))
            .Select(g => g.MaxBy(s => (s.CompletedAt.UtcTicks / TimeSpan.TicksPerMicrosecond, s.ScanId))! with { Period = g.Key.Year })
            .ToList();
        var expected = latest.Concat(yearly)
            .SelectMany(s => s.ProgrammeIds.Select(p => (Family: p.ToString("D"), Scan: s)).Prepend((Family: "national", Scan: s)))
            .GroupBy(x => (x.Family, x.Scan.Period, x.Scan.Sector.Section, x.Scan.SizeClass))
            .ToDictionary(g => g.Key, g => (Organisations: (long)g.Count(), Respondents: (long)g.Sum(x => x.Scan.RespondentCount), Sum: g.Sum(x => x.Scan.Scores[0].Mean), Squares: g.Sum(x => x.Scan.Scores[0].Mean * x.Scan.Scores[0].Mean)));
        await using var connection = await database.OpenAsync();
        var cells = (await connection.QueryAsync<(string Family, string Period, string Section, string Size, long Organisations, long Respondents, double Sum, double Squares)>(
            "SELECT 'national', period, sector_section, size_class, organisations, respondents, sum_of_means, sum_of_squares FROM aggregate_cells")).ToList();
        cells.AddRange((await connection.QueryAsync<(Guid Programme, string Period, string Section, string Size, long Organisations, long Respondents, double Sum, double Squares)>(
            "SELECT programme_id, period, sector_section, size_class, organisations, respondents, sum_of_means, sum_of_squares FROM programme_cells"))
            .Select(c => (c.Programme.ToString("D"), c.Period, c.Section, c.Size, c.Organisations, c.Respondents, c.Sum, c.Squares)));
        Assert.All(cells.Where(c => c.Organisations == 0), empty => Assert.Equal((0L, 0.0), (empty.Respondents, Math.Round(empty.Sum, 6))));
        var actual = cells.Where(c => c.Organisations != 0).ToDictionary(c => (c.Family, c.Period, c.Section, c.Size), c => c);
        Assert.Equal(expected.Keys.OrderBy(k => k.ToString()), actual.Keys.OrderBy(k => k.ToString()));
        Assert.Contains(actual.Keys, k => k.Family != "national");
        foreach (var (key, cell) in expected)
        {
            Assert.Equal((cell.Organisations, cell.Respondents), (actual[key].Organisations, actual[key].Respondents));
            Assert.Equal(cell.Sum, actual[key].Sum, 6);
            Assert.Equal(cell.Squares, actual[key].Squares, 6);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task A_programme_reads_its_own_cells_only_and_national_figures_are_no_sum_over_programmes(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var (database, aggregates, indicators) = Setup(test);
        Guid a = Guid.NewGuid(), b = Guid.NewGuid();

        // One organisation in both programmes, one in A only, one in none.
        await ApplyAsync(database, aggregates, TestEvents.ScanCompleted(4.0, section: "C", programmes: [a, b]));
        await ApplyAsync(database, aggregates, TestEvents.ScanCompleted(5.0, section: "C", programmes: [a]));
        await ApplyAsync(database, aggregates, TestEvents.ScanCompleted(6.0, section: "F"));

        var national = Assert.Single(await indicators.CellsAsync(TestEvents.Instrument, "2026-Q4", [], CancellationToken.None));
        var ofA = Assert.Single(await indicators.CellsAsync(TestEvents.Instrument, "2026-Q4", [], a, CancellationToken.None));
        var ofB = Assert.Single(await indicators.CellsAsync(TestEvents.Instrument, "2026-Q4", [], b, CancellationToken.None));
        Assert.Equal((3L, 15.0), (national.Organisations, national.SumOfMeans));
        Assert.Equal((2L, 9.0), (ofA.Organisations, ofA.SumOfMeans));
        Assert.Equal((1L, 4.0), (ofB.Organisations, ofB.SumOfMeans));
        Assert.Empty(await indicators.CellsAsync(TestEvents.Instrument, "2026-Q4", [], Guid.NewGuid(), CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task A_withdrawal_leaves_the_same_cells_in_every_order_of_arrival_the_scan_it_replaced_stays_out_and_a_later_scan_counts_again(DatabaseProvider provider)
    {
        var programme = Guid.NewGuid();
        var organisation = Guid.NewGuid();
        var start = new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
        var earlier = TestEvents.ScanCompleted(2.0, section: "C", organisationId: organisation, completedAt: start, programmes: [programme]);
        var withdrawnScan = TestEvents.ScanCompleted(6.0, section: "F", organisationId: organisation, completedAt: start.AddDays(1), programmes: [programme]);
        var withdrawal = new ScanWithdrawn
        {
            ScanId = withdrawnScan.ScanId, OrganisationId = organisation, InstrumentKey = withdrawnScan.InstrumentKey,
            InstrumentVersion = withdrawnScan.InstrumentVersion, Period = withdrawnScan.Period, CompletedAt = withdrawnScan.CompletedAt, WithdrawnAt = start.AddDays(2),
        };
        var others = Enumerable.Range(0, 4).Select(i => TestEvents.ScanCompleted(3 + i, section: i % 2 == 0 ? "C" : "F", programmes: i == 0 ? [programme] : [])).ToList();

        // Every order the three events can arrive in ends in the same cells: those of the others alone.
        // Reporting keeps one fact per organisation, instrument, version and period, so the earlier scan
        // the withdrawn one replaced does not come back; the organisation counts again with its next scan.
        await using var reference = await TestDatabase.CreateAsync(provider);
        var (referenceDatabase, referenceAggregates, _) = Setup(reference);
        foreach (var scan in others)
        {
            await ApplyAsync(referenceDatabase, referenceAggregates, scan);
        }

        var expected = await CellsAsync(referenceDatabase);
        object[][] orders =
        [
            [earlier, withdrawnScan, withdrawal],
            [withdrawnScan, earlier, withdrawal],
            [withdrawal, withdrawnScan, earlier],
            [earlier, withdrawal, withdrawnScan],
            [withdrawal, earlier, withdrawnScan],
            [withdrawnScan, withdrawal, earlier],
        ];
        foreach (var order in orders)
        {
            await using var test = await TestDatabase.CreateAsync(provider);
            var (database, aggregates, _) = Setup(test);
            foreach (var scan in others)
            {
                await ApplyAsync(database, aggregates, scan);
            }

            foreach (var message in order.Concat([withdrawal]))
            {
                await (message switch
                {
                    ScanCompleted scan => ApplyAsync(database, aggregates, scan),
                    ScanWithdrawn w => database.InTransactionAsync((c, t) => aggregates.WithdrawAsync(c, t, w, 3, CancellationToken.None)),
                    _ => throw new InvalidOperationException(),
                });
            }

            Assert.Equal(expected, await CellsAsync(database));

            // A scan completed after the withdrawn one counts as any scan would.
            Assert.Equal(ApplyResult.Replaced, await ApplyAsync(database, aggregates, TestEvents.ScanCompleted(5.0, section: "C", organisationId: organisation, completedAt: start.AddDays(3))));
        }

        // Withdrawing a scan that a later one had replaced changes nothing.
        await using var replaced = await TestDatabase.CreateAsync(provider);
        var (replacedDatabase, replacedAggregates, _) = Setup(replaced);
        await ApplyAsync(replacedDatabase, replacedAggregates, withdrawnScan);
        var later = TestEvents.ScanCompleted(4.0, section: "F", organisationId: organisation, completedAt: start.AddDays(5));
        await ApplyAsync(replacedDatabase, replacedAggregates, later);
        var before = await CellsAsync(replacedDatabase);
        Assert.Equal(ApplyResult.Stale, await replacedDatabase.InTransactionAsync((c, t) => replacedAggregates.WithdrawAsync(c, t, withdrawal, 3, CancellationToken.None)));
        Assert.Equal(before, await CellsAsync(replacedDatabase));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task Erasure_leaves_exactly_the_cells_of_a_history_without_the_organisation_and_a_late_scan_of_it_is_not_counted(DatabaseProvider provider)
    {
        await using var withIt = await TestDatabase.CreateAsync(provider);
        await using var withoutIt = await TestDatabase.CreateAsync(provider);
        var (database, aggregates, _) = Setup(withIt);
        var (reference, referenceAggregates, _) = Setup(withoutIt);
        var erased = Guid.NewGuid();
        var programme = Guid.NewGuid();
        var start = new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
        var history = new List<ScanCompleted>
        {
            TestEvents.ScanCompleted(4.0, section: "C", organisationId: erased, completedAt: start, programmes: [programme]),
            TestEvents.ScanCompleted(5.5, section: "F", organisationId: erased, completedAt: start.AddDays(1), programmes: [programme]),
            TestEvents.ScanCompleted(3.0, section: "C", organisationId: erased, period: "2026-Q3", completedAt: start),
            TestEvents.ScanCompleted(2.0, section: "C", organisationId: erased, period: "2026-Q2", respondents: 2, completedAt: start),

            // Cells only it is in: after the erasure they are gone, not left with 0 organisations.
            TestEvents.ScanCompleted(6.0, section: "J", organisationId: erased, period: "2026-Q1", completedAt: start, programmes: [programme]),
        };
        var others = Enumerable.Range(0, 6).Select(i => TestEvents.ScanCompleted(3 + (i * 0.5), section: i % 2 == 0 ? "C" : "F", period: i < 4 ? "2026-Q4" : "2026-Q3", programmes: i % 3 == 0 ? [programme] : [])).ToList();
        foreach (var scan in history.Concat(others))
        {
            await ApplyAsync(database, aggregates, scan);
        }

        foreach (var scan in others)
        {
            await ApplyAsync(reference, referenceAggregates, scan);
        }

        for (var time = 0; time < 2; time++)
        {
            await database.InTransactionAsync(async (c, t) =>
            {
                await aggregates.EraseAsync(c, t, erased, DateTimeOffset.UtcNow, CancellationToken.None);
                return 0;
            });
        }

        Assert.Equal(ApplyResult.Erased, await ApplyAsync(database, aggregates, TestEvents.ScanCompleted(7.0, organisationId: erased, completedAt: start.AddDays(30))));
        Assert.Equal(await CellsAsync(reference), await CellsAsync(database));
        await using var connection = await database.OpenAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM contributions WHERE organisation_id = @erased", new { erased }));
    }

    // Every national and programme cell there is (an emptied one too), rounded where sums of doubles may differ in the last bits.
    private static async Task<List<string>> CellsAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        var cells = await connection.QueryAsync<(string Family, string Period, string Section, string Dimension, long Organisations, long Respondents, double Sum, double Squares)>(
            "SELECT 'national', period, sector_section, dimension, organisations, respondents, sum_of_means, sum_of_squares FROM aggregate_cells");
        var programmeCells = await connection.QueryAsync<(Guid Programme, string Period, string Section, string Dimension, long Organisations, long Respondents, double Sum, double Squares)>(
            "SELECT programme_id, period, sector_section, dimension, organisations, respondents, sum_of_means, sum_of_squares FROM programme_cells");
        return cells
            .Concat(programmeCells.Select(c => (c.Programme.ToString("D"), c.Period, c.Section, c.Dimension, c.Organisations, c.Respondents, c.Sum, c.Squares)))
            .Select(c => $"{c.Item1} {c.Period} {c.Section} {c.Dimension} {c.Organisations} {c.Respondents} {Math.Round(c.Sum, 6)} {Math.Round(c.Squares, 6)}")
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
