using System.Data.Common;
using Dapper;
using Leercultuur.Data;
using Leercultuur.ServiceDefaults.Http;

namespace Leercultuur.Organisations.Registration;

public sealed class OrganisationRepository(Database<OrganisationsModule> database)
{
    private readonly OrganisationStatements statements = new(database.Dialect);

    public Task InsertAsync(DbConnection connection, DbTransaction transaction, OrganisationRow row, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(statements.Insert, row, transaction, cancellationToken: cancellationToken));

    /// <summary>The organisation when it exists and <paramref name="programme"/> (when given) may see it.</summary>
    public async Task<OrganisationRow?> FindAsync(Guid id, Guid? programme, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await FindAsync(connection, null, id, programme, cancellationToken);
    }

    public async Task<OrganisationRow?> FindAsync(DbConnection connection, DbTransaction? transaction, Guid id, Guid? programme, CancellationToken cancellationToken)
    {
        var row = programme is { } p
            ? await connection.QuerySingleOrDefaultAsync<OrganisationRow>(new CommandDefinition(statements.GetByIdInProgramme, new { id, programme = p }, transaction, cancellationToken: cancellationToken))
            : await connection.QuerySingleOrDefaultAsync<OrganisationRow>(new CommandDefinition(statements.GetById, new { id }, transaction, cancellationToken: cancellationToken));
        return row is null ? null : row with { ProgrammeIds = await ProgrammeIdsAsync(connection, transaction, id, cancellationToken) };
    }

    public async Task<OrganisationRow?> FindByKvkNumberAsync(string kvkNumber, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<OrganisationRow>(new CommandDefinition(statements.GetByKvkNumber, new { kvkNumber }, cancellationToken: cancellationToken));
        return row is null ? null : row with { ProgrammeIds = await ProgrammeIdsAsync(connection, null, row.Id, cancellationToken) };
    }

    public async Task<IReadOnlyList<Guid>> ProgrammeIdsAsync(DbConnection connection, DbTransaction? transaction, Guid id, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<Guid>(new CommandDefinition(statements.ProgrammeIdsOf, new { id }, transaction, cancellationToken: cancellationToken))).ToList();

    /// <summary>Locks the organisation and raises its version; false when it does not exist.</summary>
    public async Task<bool> BumpVersionAsync(DbConnection connection, DbTransaction transaction, Guid id, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(statements.BumpVersion, new { id }, transaction, cancellationToken: cancellationToken)) == 1;

    /// <returns>false when the version is no longer <see cref="OrganisationRow.Version"/> of <paramref name="expected"/>.</returns>
    public async Task<bool> UpdateProfileAsync(DbConnection connection, DbTransaction transaction, OrganisationRow changed, long expected, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(
            statements.UpdateProfile,
            new
            {
                changed.Id,
                changed.Name,
                changed.SbiVersion,
                changed.SbiCode,
                changed.SbiSection,
                changed.SbiSectionName,
                changed.Employees,
                changed.SizeClass,
                changed.Province,
                ExpectedVersion = expected,
            },
            transaction,
            cancellationToken: cancellationToken)) == 1;

    /// <returns>false when there is no such organisation.</returns>
    public async Task<bool> LockAsync(DbConnection connection, DbTransaction transaction, Guid id, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(statements.LockRow, new { id }, transaction, cancellationToken: cancellationToken)) == 1;

    /// <returns>1 when it joined, 0 when it was a member already.</returns>
    public Task<int> AddMemberAsync(DbConnection connection, DbTransaction transaction, Guid programme, Guid organisation, DateTimeOffset joinedAt, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(statements.AddMember, new { programme_id = programme, organisation_id = organisation, joined_at = joinedAt }, transaction, cancellationToken: cancellationToken));

    /// <returns>1 when it left, 0 when it was no member.</returns>
    public Task<int> RemoveMemberAsync(DbConnection connection, DbTransaction transaction, Guid programme, Guid organisation, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(statements.RemoveMember, new { programme_id = programme, organisation_id = organisation }, transaction, cancellationToken: cancellationToken));

    public Task DeleteAsync(DbConnection connection, DbTransaction transaction, Guid id, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(statements.Delete, new { id }, transaction, cancellationToken: cancellationToken));

    public Task AddTombstoneAsync(DbConnection connection, DbTransaction transaction, Guid id, IReadOnlyList<Guid> programmes, DateTimeOffset erasedAt, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            statements.InsertTombstone,
            new { organisation_id = id, programme_ids = string.Join(',', programmes), erased_at = erasedAt },
            transaction,
            cancellationToken: cancellationToken));

    /// <summary>The programmes an erased organisation belonged to; null when it was never erased.</summary>
    public async Task<IReadOnlyList<Guid>?> TombstoneAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var programmes = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(statements.FindTombstone, new { id }, cancellationToken: cancellationToken));
        return programmes?.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Guid.Parse).ToList();
    }

    /// <summary>A page in registration order after <paramref name="after"/>, and the total that matches (without the cursor).</summary>
    public async Task<(IReadOnlyList<OrganisationRow> Rows, long Total)> ListAsync(OrganisationFilter filter, Guid? programme, PageCursor? after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var parameters = new DynamicParameters();
        AddIfGiven(parameters, "section", filter.Section);
        AddIfGiven(parameters, "sbiVersion", filter.SbiVersion);
        AddIfGiven(parameters, "sizeClass", filter.SizeClass);
        AddIfGiven(parameters, "province", filter.Province);
        if (filter.Programme is { } filterProgramme)
        {
            parameters.Add("filterProgramme", filterProgramme);
        }

        if (filter.Name is { } name)
        {
            parameters.Add("namePattern", "%" + name.ToLowerInvariant().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%");
        }

        if (programme is { } p)
        {
            parameters.Add("programme", p);
        }

        if (after is { } cursor)
        {
            parameters.Add("afterAt", cursor.At);
            parameters.Add("afterId", cursor.Id);
        }

        parameters.Add("offset", 0L);
        parameters.Add("limit", limit);
        var rows = (await connection.QueryAsync<OrganisationRow>(new CommandDefinition(statements.List(filter, programme is not null, after is not null), parameters, cancellationToken: cancellationToken))).ToList();
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(statements.Count(filter, programme is not null), parameters, cancellationToken: cancellationToken));
        var withProgrammes = new List<OrganisationRow>(rows.Count);
        foreach (var row in rows)
        {
            withProgrammes.Add(row with { ProgrammeIds = await ProgrammeIdsAsync(connection, null, row.Id, cancellationToken) });
        }

        return (withProgrammes, total);
    }

    private static void AddIfGiven(DynamicParameters parameters, string name, object? value)
    {
        if (value is not null)
        {
            parameters.Add(name, value);
        }
    }
}
