using System.Data.Common;
using Dapper;
using Leercultuur.Data;

namespace Leercultuur.Reporting.Aggregation;

/// <summary>An organisation's fact key: one instrument version and period.</summary>
public readonly record struct FactKey(Guid OrganisationId, string InstrumentKey, int InstrumentVersion, string Period)
{
    public object Parameters => new { organisation_id = OrganisationId, instrument_key = InstrumentKey, instrument_version = InstrumentVersion, period = Period };
}

/// <summary>
/// Where <see cref="AggregateRepository"/> reads and writes an organisation's team facts, contributions and
/// year contributions. One message at a time goes straight to the database; a batch reads every
/// organisation's rows once up front and writes what changed once at the end, in a few multi-row
/// statements, with the same logic in between.
/// </summary>
public abstract class FactStore
{
    public abstract Task<bool> IsErasedAsync(Guid organisationId, CancellationToken cancellationToken);

    public abstract Task<List<TeamFact>> TeamFactsAsync(FactKey key, CancellationToken cancellationToken);

    public abstract Task SaveTeamFactAsync(TeamFact fact, CancellationToken cancellationToken);

    public abstract Task DeleteTeamFactAsync(TeamFact fact, CancellationToken cancellationToken);

    public abstract Task<Contribution?> ContributionAsync(FactKey key, CancellationToken cancellationToken);

    public abstract Task SaveContributionAsync(Contribution contribution, CancellationToken cancellationToken);

    public abstract Task DeleteContributionAsync(FactKey key, CancellationToken cancellationToken);

    /// <summary>The contributions of a year and of its quarters (<paramref name="key"/>'s period is the year).</summary>
    public abstract Task<List<Contribution>> ContributionsOfYearAsync(FactKey key, CancellationToken cancellationToken);

    public abstract Task<Contribution?> YearContributionAsync(FactKey key, CancellationToken cancellationToken);

    public abstract Task SaveYearContributionAsync(Contribution contribution, CancellationToken cancellationToken);

    public abstract Task DeleteYearContributionAsync(FactKey key, CancellationToken cancellationToken);

    public static FactKey KeyOf(TeamFact fact) => new(fact.OrganisationId, fact.InstrumentKey, fact.InstrumentVersion, fact.Period);

    public static FactKey KeyOf(Contribution contribution) => new(contribution.OrganisationId, contribution.InstrumentKey, contribution.InstrumentVersion, contribution.Period);

    internal static object FactParameters(TeamFact fact) => new
    {
        organisation_id = fact.OrganisationId,
        instrument_key = fact.InstrumentKey,
        instrument_version = fact.InstrumentVersion,
        period = fact.Period,
        team = fact.Team,
        scan_id = fact.ScanId,
        completed_at = fact.CompletedAt,
        source = fact.Source,
        sbi_version = fact.SbiVersion,
        sector_section = fact.SectorSection,
        size_class = fact.SizeClass,
        province = fact.Province,
        respondent_count = fact.RespondentCount,
        scores = fact.Scores,
        dimension_respondents = fact.DimensionRespondents,
        programme_ids = fact.ProgrammeIds,
        sbi_code = fact.SbiCode,
        scores100 = fact.Scores100,
        roles = fact.Roles,
    };

    /// <summary>Team facts as rows of one statement (<see cref="AggregateStatements.SaveTeamFacts"/>).</summary>
    internal static readonly RowValues<TeamFact> FactRows = new RowValues<TeamFact>()
        .Column("organisation_id", f => f.OrganisationId)
        .Column("instrument_key", f => f.InstrumentKey)
        .Column("instrument_version", f => f.InstrumentVersion)
        .Column("period", f => f.Period)
        .Column("team", f => f.Team)
        .Column("scan_id", f => f.ScanId)
        .Column("completed_at", f => f.CompletedAt)
        .Column("source", f => f.Source)
        .Column("sbi_version", f => f.SbiVersion)
        .Column("sector_section", f => f.SectorSection)
        .Column("size_class", f => f.SizeClass)
        .Column("province", f => f.Province)
        .Column("respondent_count", f => f.RespondentCount)
        .Column("scores", f => f.Scores)
        .Column("dimension_respondents", f => f.DimensionRespondents)
        .Column("programme_ids", f => f.ProgrammeIds)
        .Column("sbi_code", f => f.SbiCode)
        .Column("scores100", f => f.Scores100)
        .Column("roles", f => f.Roles);

    /// <summary>Contributions (of a quarter or a year) as rows of one statement.</summary>
    internal static readonly RowValues<Contribution> ContributionRows = new RowValues<Contribution>()
        .Column("organisation_id", c => c.OrganisationId)
        .Column("instrument_key", c => c.InstrumentKey)
        .Column("instrument_version", c => c.InstrumentVersion)
        .Column("period", c => c.Period)
        .Column("scan_id", c => c.ScanId)
        .Column("completed_at", c => c.CompletedAt)
        .Column("sbi_version", c => c.SbiVersion)
        .Column("sector_section", c => c.SectorSection)
        .Column("size_class", c => c.SizeClass)
        .Column("province", c => c.Province)
        .Column("respondent_count", c => c.RespondentCount)
        .Column("counted", c => c.Counted)
        .Column("scores", c => c.Scores)
        .Column("programme_ids", c => c.ProgrammeIds)
        .Column("sbi_code", c => c.SbiCode)
        .Column("scores100", c => c.Scores100)
        .Column("roles", c => c.Roles);

    internal static object ContributionParameters(Contribution contribution) => new
    {
        organisation_id = contribution.OrganisationId,
        instrument_key = contribution.InstrumentKey,
        instrument_version = contribution.InstrumentVersion,
        period = contribution.Period,
        scan_id = contribution.ScanId,
        completed_at = contribution.CompletedAt,
        sbi_version = contribution.SbiVersion,
        sector_section = contribution.SectorSection,
        size_class = contribution.SizeClass,
        province = contribution.Province,
        respondent_count = contribution.RespondentCount,
        counted = contribution.Counted,
        scores = contribution.Scores,
        programme_ids = contribution.ProgrammeIds,
        sbi_code = contribution.SbiCode,
        scores100 = contribution.Scores100,
        roles = contribution.Roles,
    };
}

/// <summary>Every read and write at once, on the caller's connection and transaction.</summary>
public sealed class DirectFactStore(DbConnection connection, DbTransaction transaction, AggregateStatements statements) : FactStore
{
    public override async Task<bool> IsErasedAsync(Guid organisationId, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<int>(new CommandDefinition(statements.IsErased, new { organisation_id = organisationId }, transaction, cancellationToken: cancellationToken)) > 0;

    public override async Task<List<TeamFact>> TeamFactsAsync(FactKey key, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<TeamFact>(new CommandDefinition(statements.TeamFacts, key.Parameters, transaction, cancellationToken: cancellationToken))).ToList();

    public override Task SaveTeamFactAsync(TeamFact fact, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(statements.SaveTeamFact, FactParameters(fact), transaction, cancellationToken: cancellationToken));

    public override Task DeleteTeamFactAsync(TeamFact fact, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            statements.DeleteTeamFact,
            new { organisation_id = fact.OrganisationId, instrument_key = fact.InstrumentKey, instrument_version = fact.InstrumentVersion, period = fact.Period, team = fact.Team },
            transaction,
            cancellationToken: cancellationToken));

    public override Task<Contribution?> ContributionAsync(FactKey key, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<Contribution>(new CommandDefinition(statements.FindContribution, key.Parameters, transaction, cancellationToken: cancellationToken));

    public override Task SaveContributionAsync(Contribution contribution, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(statements.SaveContribution, ContributionParameters(contribution), transaction, cancellationToken: cancellationToken));

    public override Task DeleteContributionAsync(FactKey key, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(statements.DeleteContribution, key.Parameters, transaction, cancellationToken: cancellationToken));

    public override async Task<List<Contribution>> ContributionsOfYearAsync(FactKey key, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<Contribution>(new CommandDefinition(
            statements.ContributionsOfYear,
            new { organisation_id = key.OrganisationId, instrument_key = key.InstrumentKey, instrument_version = key.InstrumentVersion, period = key.Period, quarters = key.Period + "-Q%" },
            transaction,
            cancellationToken: cancellationToken))).ToList();

    public override Task<Contribution?> YearContributionAsync(FactKey key, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<Contribution>(new CommandDefinition(statements.FindYearContribution, key.Parameters, transaction, cancellationToken: cancellationToken));

    public override Task SaveYearContributionAsync(Contribution contribution, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(statements.SaveYearContribution, ContributionParameters(contribution), transaction, cancellationToken: cancellationToken));

    public override Task DeleteYearContributionAsync(FactKey key, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(statements.DeleteYearContribution, key.Parameters, transaction, cancellationToken: cancellationToken));
}

/// <summary>
/// A batch's organisations read once (their team facts, contributions and year contributions, and whether
/// they were erased), changed in memory message by message, and written once at the end: the rows that
/// changed, one statement per table on PostgreSQL (arrays) and a hundred rows per statement elsewhere. The organisations must be locked for the whole transaction (the
/// batch consumer locks them first), so nothing else changes their rows in between.
/// </summary>
public sealed class BatchFactStore : FactStore
{
    private readonly HashSet<Guid> loaded = [];
    private readonly HashSet<Guid> erased = [];
    private readonly Dictionary<Guid, HashSet<FactKey>> contributionKeys = [];
    private readonly Dictionary<FactKey, List<TeamFact>> facts = [];
    private readonly Dictionary<FactKey, Contribution?> contributions = [];
    private readonly Dictionary<FactKey, Contribution?> years = [];
    private readonly HashSet<(FactKey Key, string Team)> changedFacts = [];
    private readonly HashSet<FactKey> changedContributions = [];
    private readonly HashSet<FactKey> changedYears = [];

    private BatchFactStore()
    {
    }

    public static async Task<BatchFactStore> LoadAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyCollection<Guid> organisations, CancellationToken cancellationToken)
    {
        var store = new BatchFactStore();
        foreach (var chunk in organisations.Distinct().Chunk(AggregateStatements.OrganisationBatch))
        {
            var parameters = new DynamicParameters();
            for (var i = 0; i < chunk.Length; i++)
            {
                parameters.Add($"o{i}", chunk[i]);
            }

            store.loaded.UnionWith(chunk);

            Task<IEnumerable<T>> Read<T>(string sql) => connection.QueryAsync<T>(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken));
            store.erased.UnionWith(await Read<Guid>(AggregateStatements.ErasedAmong(chunk.Length)));
            foreach (var fact in await Read<TeamFact>(AggregateStatements.TeamFactsOfOrganisations(chunk.Length)))
            {
                store.FactsOf(KeyOf(fact)).Add(fact);
            }

            foreach (var contribution in await Read<Contribution>(AggregateStatements.ContributionsOfOrganisations(chunk.Length)))
            {
                store.Keep(contribution);
            }

            foreach (var contribution in await Read<Contribution>(AggregateStatements.YearContributionsOfOrganisations(chunk.Length)))
            {
                store.years[KeyOf(contribution)] = contribution;
            }
        }

        return store;
    }

    private List<TeamFact> FactsOf(FactKey key)
    {
        if (!facts.TryGetValue(key, out var list))
        {
            list = [];
            facts[key] = list;
        }

        return list;
    }

    private void Keep(Contribution contribution)
    {
        contributions[KeyOf(contribution)] = contribution;
        if (!contributionKeys.TryGetValue(contribution.OrganisationId, out var keys))
        {
            keys = [];
            contributionKeys[contribution.OrganisationId] = keys;
        }

        keys.Add(KeyOf(contribution));
    }

    // Every message of a batch asks this first: an organisation the batch did not load would look empty and count twice.
    public override Task<bool> IsErasedAsync(Guid organisationId, CancellationToken cancellationToken) =>
        loaded.Contains(organisationId)
            ? Task.FromResult(erased.Contains(organisationId))
            : throw new InvalidOperationException($"Organisation {organisationId} is not in this batch's store.");

    public override Task<List<TeamFact>> TeamFactsAsync(FactKey key, CancellationToken cancellationToken) =>
        Task.FromResult(facts.TryGetValue(key, out var list) ? list.ToList() : []);

    public override Task SaveTeamFactAsync(TeamFact fact, CancellationToken cancellationToken)
    {
        var list = FactsOf(KeyOf(fact));
        list.RemoveAll(f => f.Team == fact.Team);
        list.Add(fact);
        changedFacts.Add((KeyOf(fact), fact.Team));
        return Task.CompletedTask;
    }

    public override Task DeleteTeamFactAsync(TeamFact fact, CancellationToken cancellationToken)
    {
        FactsOf(KeyOf(fact)).RemoveAll(f => f.Team == fact.Team);
        changedFacts.Add((KeyOf(fact), fact.Team));
        return Task.CompletedTask;
    }

    public override Task<Contribution?> ContributionAsync(FactKey key, CancellationToken cancellationToken) => Task.FromResult(contributions.GetValueOrDefault(key));

    public override Task SaveContributionAsync(Contribution contribution, CancellationToken cancellationToken)
    {
        Keep(contribution);
        changedContributions.Add(KeyOf(contribution));
        return Task.CompletedTask;
    }

    public override Task DeleteContributionAsync(FactKey key, CancellationToken cancellationToken)
    {
        contributions[key] = null;
        changedContributions.Add(key);
        return Task.CompletedTask;
    }

    public override Task<List<Contribution>> ContributionsOfYearAsync(FactKey key, CancellationToken cancellationToken) =>
        Task.FromResult((contributionKeys.GetValueOrDefault(key.OrganisationId) ?? [])
            .Select(k => contributions.GetValueOrDefault(k))
            .OfType<Contribution>()
            .Where(c => c.InstrumentKey == key.InstrumentKey && c.InstrumentVersion == key.InstrumentVersion
                && (c.Period == key.Period || c.Period.StartsWith(key.Period + "-Q", StringComparison.Ordinal)))
            .ToList());

    public override Task<Contribution?> YearContributionAsync(FactKey key, CancellationToken cancellationToken) => Task.FromResult(years.GetValueOrDefault(key));

    public override Task SaveYearContributionAsync(Contribution contribution, CancellationToken cancellationToken)
    {
        years[KeyOf(contribution)] = contribution;
        changedYears.Add(KeyOf(contribution));
        return Task.CompletedTask;
    }

    public override Task DeleteYearContributionAsync(FactKey key, CancellationToken cancellationToken)
    {
        years[key] = null;
        changedYears.Add(key);
        return Task.CompletedTask;
    }

    /// <summary>Writes what changed: rows that went, one statement each (few: a team's scan moved, an organisation left); rows that stay, in one statement per table (PostgreSQL) or a hundred per statement.</summary>
    public async Task FlushAsync(DbConnection connection, DbTransaction transaction, AggregateStatements statements, CancellationToken cancellationToken)
    {
        var direct = new DirectFactStore(connection, transaction, statements);
        var savedFacts = new List<TeamFact>();
        foreach (var (key, team) in changedFacts.OrderBy(c => c.Key.OrganisationId).ThenBy(c => c.Key.InstrumentKey, StringComparer.Ordinal).ThenBy(c => c.Key.InstrumentVersion).ThenBy(c => c.Key.Period, StringComparer.Ordinal).ThenBy(c => c.Team, StringComparer.Ordinal))
        {
            if (FactsOf(key).FirstOrDefault(f => f.Team == team) is { } fact)
            {
                savedFacts.Add(fact);
            }
            else
            {
                await direct.DeleteTeamFactAsync(new TeamFact { OrganisationId = key.OrganisationId, InstrumentKey = key.InstrumentKey, InstrumentVersion = key.InstrumentVersion, Period = key.Period, Team = team }, cancellationToken);
            }
        }

        await WriteRowsAsync(connection, transaction, statements.Dialect, savedFacts, FactRows, statements.SaveTeamFacts, cancellationToken);
        await FlushContributionsAsync(connection, transaction, statements.Dialect, changedContributions, contributions, direct.DeleteContributionAsync, statements.SaveContributions, cancellationToken);
        await FlushContributionsAsync(connection, transaction, statements.Dialect, changedYears, years, direct.DeleteYearContributionAsync, statements.SaveYearContributions, cancellationToken);
    }

    private static async Task FlushContributionsAsync(
        DbConnection connection, DbTransaction transaction, ISqlDialect dialect, HashSet<FactKey> changed, Dictionary<FactKey, Contribution?> current,
        Func<FactKey, CancellationToken, Task> delete, Func<int, string> save, CancellationToken cancellationToken)
    {
        var saved = new List<Contribution>();
        foreach (var key in changed.OrderBy(k => k.OrganisationId).ThenBy(k => k.InstrumentKey, StringComparer.Ordinal).ThenBy(k => k.InstrumentVersion).ThenBy(k => k.Period, StringComparer.Ordinal))
        {
            if (current.GetValueOrDefault(key) is { } contribution)
            {
                saved.Add(contribution);
            }
            else
            {
                await delete(key, cancellationToken);
            }
        }

        await WriteRowsAsync(connection, transaction, dialect, saved, ContributionRows, save, cancellationToken);
    }

    private static async Task WriteRowsAsync<T>(
        DbConnection connection, DbTransaction transaction, ISqlDialect dialect, List<T> rows, RowValues<T> values, Func<int, string> statement, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        foreach (var chunk in RowValues<T>.Statements(dialect, rows, AggregateStatements.RowBatch))
        {
            await connection.ExecuteAsync(new CommandDefinition(statement(chunk.Length), values.Parameters(dialect, chunk), transaction, cancellationToken: cancellationToken));
        }
    }
}
