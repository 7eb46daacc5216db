using System.Data.Common;
using Dapper;
using Leercultuur.Data;

namespace Leercultuur.Scans.Scanning;

public sealed class ScanRepository(Database<ScansModule> database)
{
    private readonly ScanStatements statements = new();

    public async Task<ScanRow?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ScanRow>(new CommandDefinition(statements.Get, new { id }, cancellationToken: cancellationToken));
    }

    public Task<ScanRow?> FindAsync(DbConnection connection, DbTransaction transaction, Guid id, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<ScanRow>(new CommandDefinition(statements.Get, new { id }, transaction, cancellationToken: cancellationToken));

    public Task InsertAsync(DbConnection connection, DbTransaction transaction, ScanRow row, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(statements.Insert, row, transaction, cancellationToken: cancellationToken));

    /// <returns>false when the scan is no longer open.</returns>
    public async Task<bool> AddResponseAsync(DbConnection connection, DbTransaction transaction, Guid scanId, string answersJson, DateTimeOffset submittedAt, CancellationToken cancellationToken)
    {
        var counted = await connection.ExecuteAsync(new CommandDefinition(statements.CountResponse, new { id = scanId, now = submittedAt }, transaction, cancellationToken: cancellationToken));
        if (counted == 0)
        {
            return false;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            statements.InsertResponse,
            new { id = Guid.CreateVersion7(submittedAt), scanId, answers = answersJson, submittedAt },
            transaction,
            cancellationToken: cancellationToken));
        return true;
    }

    /// <returns>false when the scan is not open or has fewer responses than required.</returns>
    /// <summary>Open scans whose deadline has passed, oldest deadline first.</summary>
    public async Task<IReadOnlyList<Guid>> DueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<Guid>(new CommandDefinition(statements.Due, new { now }, cancellationToken: cancellationToken))).ToList();
    }

    /// <returns>false when the scan was no longer open.</returns>
    public async Task<bool> ExpireAsync(Guid scanId, int minRespondents, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(statements.Expire, new { id = scanId, minRespondents }, cancellationToken: cancellationToken)) == 1;
    }

    /// <returns>false when the scan was withdrawn already (or does not exist).</returns>
    public async Task<bool> WithdrawAsync(DbConnection connection, DbTransaction transaction, Guid scanId, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(statements.Withdraw, new { id = scanId }, transaction, cancellationToken: cancellationToken)) == 1;

    public async Task<bool> CloseAsync(DbConnection connection, DbTransaction transaction, Guid scanId, int minRespondents, DateTimeOffset completedAt, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(statements.Close, new { id = scanId, minRespondents, completedAt }, transaction, cancellationToken: cancellationToken)) == 1;

    public async Task<IReadOnlyList<string>> AnswersAsync(DbConnection connection, DbTransaction transaction, Guid scanId, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<string>(new CommandDefinition(statements.Answers, new { scanId }, transaction, cancellationToken: cancellationToken))).ToList();

    public Task SaveScoresAsync(DbConnection connection, DbTransaction transaction, Guid scanId, string scoresJson, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(statements.SaveScores, new { id = scanId, scores = scoresJson }, transaction, cancellationToken: cancellationToken));
}
