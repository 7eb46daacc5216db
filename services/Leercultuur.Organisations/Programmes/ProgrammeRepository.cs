using Dapper;
using Leercultuur.Data;
using Leercultuur.ServiceDefaults.Http;

namespace Leercultuur.Organisations.Programmes;

public sealed class ProgrammeRepository(Database<OrganisationsModule> database)
{
    private readonly ProgrammeStatements statements = new(database.Dialect);

    public async Task<ProgrammeRow?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ProgrammeRow>(new CommandDefinition(statements.GetById, new { id }, cancellationToken: cancellationToken));
    }

    /// <exception cref="System.Data.Common.DbException">A unique violation when the name is taken.</exception>
    public async Task InsertAsync(ProgrammeRow row, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(statements.Insert, row, cancellationToken: cancellationToken));
    }

    /// <returns>false when the programme changed since <paramref name="expected"/>.</returns>
    public async Task<bool> UpdateAsync(ProgrammeRow row, long expected, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            statements.Update,
            new { row.Id, row.Name, row.Description, row.SbiSections, row.WebhookUrl, ExpectedVersion = expected },
            cancellationToken: cancellationToken)) == 1;
    }

    public async Task<(IReadOnlyList<ProgrammeRow> Rows, long Total)> ListAsync(int offset, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<ProgrammeRow>(new CommandDefinition(statements.List, new { offset = (long)offset, limit }, cancellationToken: cancellationToken))).ToList();
        return (rows, await connection.ExecuteScalarAsync<long>(new CommandDefinition(statements.Count, cancellationToken: cancellationToken)));
    }

    public async Task<(IReadOnlyList<Member> Members, long Total)> MembersAsync(Guid programme, PageCursor? after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var members = after is { } cursor
            ? await connection.QueryAsync<Member>(new CommandDefinition(statements.Members, new { programme, afterAt = cursor.At, afterId = cursor.Id, offset = 0L, limit }, cancellationToken: cancellationToken))
            : await connection.QueryAsync<Member>(new CommandDefinition(statements.FirstMembers, new { programme, offset = 0L, limit }, cancellationToken: cancellationToken));
        return (members.ToList(), await connection.ExecuteScalarAsync<long>(new CommandDefinition(statements.MemberCount, new { programme }, cancellationToken: cancellationToken)));
    }
}

public sealed class Member
{
    public Guid OrganisationId { get; init; }

    public DateTimeOffset JoinedAt { get; init; }
}
