using Leercultuur.Contracts;
using Leercultuur.Data;
using Leercultuur.Reporting.Aggregation;
using Leercultuur.Reporting.Indicators;
using Leercultuur.Testing;

using static Leercultuur.Reporting.Tests.AggregateTestDatabase;

namespace Leercultuur.Reporting.Tests;

/// <summary>
/// Team scans combine into one organisation contribution, version 1 and version 2 of one completion count
/// once, and dialogue instruments are never aggregated: on every engine.
/// </summary>
public sealed class TeamSuite
{
    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task An_organisation_s_team_scans_of_a_period_make_one_contribution_weighted_by_respondents(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var (database, aggregates, indicators) = Setup(test);
        var organisation = Guid.NewGuid();

        Assert.Equal(ApplyResult.Added, await ApplyAsync(database, aggregates, TestEvents.V2(TestEvents.ScanCompleted(4.0, organisationId: organisation, respondents: 3), "Team A")));
        Assert.Equal(ApplyResult.Added, await ApplyAsync(database, aggregates, TestEvents.V2(TestEvents.ScanCompleted(6.0, organisationId: organisation, respondents: 5), "Team B")));

        // One organisation, eight respondents, mean (3 × 4 + 5 × 6) / 8 = 5.25.
        var total = Assert.Single(await indicators.CellsAsync("team-psychological-safety", "2026-Q4", [], CancellationToken.None));
        Assert.Equal((1L, 8L, 5.25, 5.25 * 5.25), (total.Organisations, total.Respondents, total.SumOfMeans, total.SumOfSquares));

        // A later scan of team A replaces team A's only; a withdrawal of team B leaves team A's.
        await ApplyAsync(database, aggregates, TestEvents.V2(TestEvents.ScanCompleted(2.0, organisationId: organisation, respondents: 4, completedAt: DateTimeOffset.UtcNow.AddMinutes(1)), "Team A"));
        total = Assert.Single(await indicators.CellsAsync("team-psychological-safety", "2026-Q4", [], CancellationToken.None));
        Assert.Equal((1L, 9L), (total.Organisations, total.Respondents));
        Assert.Equal((4 * 2.0 + 5 * 6.0) / 9, total.SumOfMeans, 10);

        var current = (await database.InTransactionAsync((c, t) => Dapper.SqlMapper.QueryAsync<(Guid ScanId, DateTimeOffset CompletedAt)>(c, "SELECT scan_id, completed_at FROM team_facts WHERE team = 'Team B'", transaction: t))).Single();
        Assert.Equal(ApplyResult.Withdrawn, await database.InTransactionAsync((c, t) => aggregates.WithdrawAsync(c, t, new ScanWithdrawn
        {
            ScanId = current.ScanId,
            OrganisationId = organisation,
            InstrumentKey = "team-psychological-safety",
            InstrumentVersion = 1,
            Period = "2026-Q4",
            Team = "Team B",
            CompletedAt = current.CompletedAt,
            WithdrawnAt = DateTimeOffset.UtcNow,
        }, 3, CancellationToken.None)));
        total = Assert.Single(await indicators.CellsAsync("team-psychological-safety", "2026-Q4", [], CancellationToken.None));
        Assert.Equal((1L, 4L, 2.0), (total.Organisations, total.Respondents, total.SumOfMeans));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task Teams_combine_a_dimension_by_the_respondents_it_rests_on(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var (database, aggregates, indicators) = Setup(test);
        var organisation = Guid.NewGuid();
        ScanCompletedV2 Team(string team, double reflection, int reflectionRespondents, int respondents) => TestEvents.V2(TestEvents.ScanCompleted(3.0, organisationId: organisation, respondents: respondents), team) with
        {
            Scores =
            [
                new DimensionScoreV2 { Dimension = "psychological-safety", RespondentCount = respondents, Mean = 3.0 },
                new DimensionScoreV2 { Dimension = "reflection", RespondentCount = reflectionRespondents, Mean = reflection },
            ],
        };

        await ApplyAsync(database, aggregates, Team("A", reflection: 2.0, reflectionRespondents: 2, respondents: 4));
        await ApplyAsync(database, aggregates, Team("B", reflection: 6.0, reflectionRespondents: 4, respondents: 4));

        // Reflection rests on 2 + 4 respondents: (2 × 2 + 4 × 6) / 6, not (4 × 2 + 4 × 6) / 8.
        var cells = await database.InTransactionAsync((c, t) => Dapper.SqlMapper.QueryAsync<(string Dimension, double Sum)>(c, "SELECT dimension, sum_of_means FROM aggregate_cells WHERE period = '2026-Q4'", transaction: t));
        Assert.Equal(28.0 / 6, cells.Single(x => x.Dimension == "reflection").Sum, 10);
        Assert.Equal(3.0, cells.Single(x => x.Dimension == "psychological-safety").Sum, 10);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task Version_1_and_version_2_of_one_completion_count_once_in_either_order(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var (database, aggregates, indicators) = Setup(test);

        // Published side by side: version 1 says so and is skipped, whichever arrives first.
        var first = TestEvents.ScanCompleted(4.0) with { AlsoPublishedAsV2 = true };
        Assert.Equal(ApplyResult.CarriedByV2, await ApplyAsync(database, aggregates, first));
        Assert.Equal(ApplyResult.Added, await ApplyAsync(database, aggregates, TestEvents.V2(first, "Team A")));
        var second = TestEvents.ScanCompleted(6.0) with { AlsoPublishedAsV2 = true };
        Assert.Equal(ApplyResult.Added, await ApplyAsync(database, aggregates, TestEvents.V2(second)));
        Assert.Equal(ApplyResult.CarriedByV2, await ApplyAsync(database, aggregates, second));

        // From a scan service that published version 1 alone, then (upgraded) replayed as version 2: counted once, the v2 kept.
        var legacy = TestEvents.ScanCompleted(5.0);
        Assert.Equal(ApplyResult.Added, await ApplyAsync(database, aggregates, legacy));
        Assert.Equal(ApplyResult.Replaced, await ApplyAsync(database, aggregates, TestEvents.V2(legacy, "Team X")));
        Assert.Equal(ApplyResult.Stale, await ApplyAsync(database, aggregates, legacy));

        // And the other way round: its v2 first, then the unmarked v1 (a replay by a service before the upgrade).
        var late = TestEvents.ScanCompleted(7.0);
        Assert.Equal(ApplyResult.Added, await ApplyAsync(database, aggregates, TestEvents.V2(late, "Team Y")));
        Assert.Equal(ApplyResult.Stale, await ApplyAsync(database, aggregates, late));

        var total = Assert.Single(await indicators.CellsAsync("team-psychological-safety", "2026-Q4", [], CancellationToken.None));
        Assert.Equal((4L, 12L, 22.0), (total.Organisations, total.Respondents, total.SumOfMeans));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task A_scan_of_an_instrument_that_may_not_be_benchmarked_is_never_aggregated(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var (database, aggregates, indicators) = Setup(test);

        Assert.Equal(ApplyResult.NotAggregated, await ApplyAsync(database, aggregates, TestEvents.V2(TestEvents.ScanCompleted(4.0), benchmark: false)));

        Assert.Empty(await indicators.CellsAsync("team-psychological-safety", "2026-Q4", [], CancellationToken.None));
        Assert.Equal(0, await database.InTransactionAsync((c, t) => Dapper.SqlMapper.ExecuteScalarAsync<int>(c, "SELECT COUNT(*) FROM team_facts", transaction: t)));
    }
}
