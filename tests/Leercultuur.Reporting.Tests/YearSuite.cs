using Dapper;
using Leercultuur.Contracts;
using Leercultuur.Data;
using Leercultuur.Reporting.Aggregation;
using Leercultuur.Reporting.Indicators;
using Leercultuur.Testing;

using static Leercultuur.Reporting.Tests.AggregateTestDatabase;

namespace Leercultuur.Reporting.Tests;

/// <summary>Quarter and year cells on every engine: an organisation counts once per year, with its latest scan of that year.</summary>
public sealed class YearSuite
{
    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task An_organisation_counts_once_a_year_with_its_latest_scan_and_once_in_each_quarter(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var (database, aggregates, indicators) = Setup(test);
        var organisation = Guid.NewGuid();
        var start = DateTimeOffset.UtcNow;

        await ApplyAsync(database, aggregates, TestEvents.ScanCompleted(3.0, organisationId: organisation, period: "2026-Q1", completedAt: start));
        await ApplyAsync(database, aggregates, TestEvents.ScanCompleted(5.0, section: "F", organisationId: organisation, period: "2026-Q3", completedAt: start.AddDays(1)));
        await ApplyAsync(database, aggregates, TestEvents.ScanCompleted(6.0, organisationId: Guid.NewGuid(), period: "2026-Q3", completedAt: start));

        Assert.Equal((1L, 3.0), await TotalAsync(indicators, "2026-Q1"));
        Assert.Equal((2L, 11.0), await TotalAsync(indicators, "2026-Q3"));
        // The year: the first organisation with its Q3 scan (classified as it then was), the second with its own.
        Assert.Equal((2L, 11.0), await TotalAsync(indicators, "2026"));
        Assert.Equal(["F"], (await indicators.CellsAsync(TestEvents.Instrument, "2026", [GroupDimension.Sector], CancellationToken.None)).Where(c => c.SumOfMeans == 5.0).Select(c => c.SectorSection));

        // A year scan completed later is the year's latest; the quarters keep theirs.
        await ApplyAsync(database, aggregates, TestEvents.ScanCompleted(2.0, organisationId: organisation, period: "2026", completedAt: start.AddDays(2)));
        Assert.Equal((2L, 8.0), await TotalAsync(indicators, "2026"));
        Assert.Equal((2L, 11.0), await TotalAsync(indicators, "2026-Q3"));

        // A quarter scan completed earlier than the year scan, arriving late, changes its quarter only.
        await ApplyAsync(database, aggregates, TestEvents.ScanCompleted(7.0, organisationId: organisation, period: "2026-Q2", completedAt: start.AddHours(1)));
        Assert.Equal((1L, 7.0), await TotalAsync(indicators, "2026-Q2"));
        Assert.Equal((2L, 8.0), await TotalAsync(indicators, "2026"));

        // Erased: nothing of it anywhere, in quarters or the year.
        await database.InTransactionAsync(async (c, t) =>
        {
            await aggregates.EraseAsync(c, t, organisation, DateTimeOffset.UtcNow, CancellationToken.None);
            return true;
        });
        Assert.Equal((1L, 6.0), await TotalAsync(indicators, "2026"));
        Assert.Empty(await indicators.CellsAsync(TestEvents.Instrument, "2026-Q1", [], CancellationToken.None));
        await using var connection = await database.OpenAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM year_contributions WHERE organisation_id = @organisation", new { organisation }));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task Withdrawing_the_year_s_latest_scan_falls_back_to_the_one_before(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var (database, aggregates, indicators) = Setup(test);
        var organisation = Guid.NewGuid();
        var start = DateTimeOffset.UtcNow;
        var q1 = TestEvents.ScanCompleted(3.0, organisationId: organisation, period: "2026-Q1", completedAt: start);
        var q4 = TestEvents.ScanCompleted(5.0, organisationId: organisation, period: "2026-Q4", completedAt: start.AddDays(1));
        await ApplyAsync(database, aggregates, q1);
        await ApplyAsync(database, aggregates, q4);
        Assert.Equal((1L, 5.0), await TotalAsync(indicators, "2026"));

        await database.InTransactionAsync((c, t) => aggregates.WithdrawAsync(c, t, new ScanWithdrawn
        {
            ScanId = q4.ScanId, OrganisationId = organisation, InstrumentKey = q4.InstrumentKey, InstrumentVersion = q4.InstrumentVersion,
            Period = q4.Period, CompletedAt = q4.CompletedAt, WithdrawnAt = DateTimeOffset.UtcNow,
        }, 3, CancellationToken.None));

        Assert.Equal((1L, 3.0), await TotalAsync(indicators, "2026"));
        Assert.Empty(await indicators.CellsAsync(TestEvents.Instrument, "2026-Q4", [], CancellationToken.None));
    }

    private static async Task<(long Organisations, double Sum)> TotalAsync(IndicatorRepository indicators, string period)
    {
        var total = Assert.Single(await indicators.CellsAsync(TestEvents.Instrument, period, [], CancellationToken.None));
        return (total.Organisations, Math.Round(total.SumOfMeans, 9));
    }
}
