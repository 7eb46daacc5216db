using System.Data.Common;
using Dapper;
using Leercultuur.Data;

namespace Leercultuur.Scans.Respondents;

public sealed class RespondentRepository(Database<ScansModule> database)
{
    private readonly RespondentStatements statements = new();

    public async Task<RespondentRow?> FindAsync(string tokenHash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<RespondentRow>(new CommandDefinition(statements.Find, new { tokenHash }, cancellationToken: cancellationToken));
    }

    public Task<int> CountIssuedAsync(DbConnection connection, DbTransaction transaction, Guid scanId, string role, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<int>(new CommandDefinition(statements.CountIssued, new { scanId, role }, transaction, cancellationToken: cancellationToken));

    public Task InsertAsync(DbConnection connection, DbTransaction transaction, IEnumerable<RespondentRow> rows, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(statements.Insert, rows, transaction, cancellationToken: cancellationToken));

    public async Task<IReadOnlyList<RoleStatusCount>> SummaryAsync(Guid scanId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<RoleStatusCount>(new CommandDefinition(statements.Summary, new { scanId }, cancellationToken: cancellationToken))).ToList();
    }

    public async Task<IReadOnlyList<RoleCount>> SubmittedPerRoleAsync(DbConnection connection, DbTransaction transaction, Guid scanId, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<RoleCount>(new CommandDefinition(statements.SubmittedPerRole, new { scanId }, transaction, cancellationToken: cancellationToken))).ToList();

    public async Task<IReadOnlyList<SubmittedRow>> SubmittedAsync(DbConnection connection, DbTransaction transaction, Guid scanId, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<SubmittedRow>(new CommandDefinition(statements.Submitted, new { scanId }, transaction, cancellationToken: cancellationToken))).ToList();

    public async Task<IReadOnlyList<string>> LegacyAnswersAsync(DbConnection connection, DbTransaction transaction, Guid scanId, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<string>(new CommandDefinition(statements.LegacyAnswers, new { scanId }, transaction, cancellationToken: cancellationToken))).ToList();

    public Task<int> RevokeUnusedAsync(DbConnection connection, DbTransaction transaction, Guid scanId, string role, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(statements.RevokeUnused, new { scanId, role }, transaction, cancellationToken: cancellationToken));

    /// <returns>false when the token was submitted already.</returns>
    public async Task<bool> SaveAsync(DbConnection connection, DbTransaction transaction, Guid scanId, string tokenHash, string answers, string day, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(statements.Save, new { scanId, tokenHash, answers, day }, transaction, cancellationToken: cancellationToken)) == 1;

    /// <returns>false when the token was submitted already.</returns>
    public async Task<bool> SubmitAsync(DbConnection connection, DbTransaction transaction, Guid scanId, string tokenHash, string answers, string day, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(statements.Submit, new { scanId, tokenHash, answers, day }, transaction, cancellationToken: cancellationToken)) == 1;
}
