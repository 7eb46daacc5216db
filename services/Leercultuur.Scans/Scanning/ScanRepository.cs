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

    /// <summary>Takes the scan row's write lock if the scan is open and its deadline has not passed at <paramref name="now"/>.</summary>
    /// <returns>false when the scan is not open (any more), or its deadline has passed.</returns>
    public async Task<bool> LockOpenAsync(DbConnection connection, DbTransaction transaction, Guid scanId, DateTimeOffset now, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(statements.LockOpen, new { id = scanId, now }, transaction, cancellationToken: cancellationToken)) == 1;

    /// <summary>Takes the scan row's write lock if the scan is open, deadline or not (the deadline job acts after it).</summary>
    public async Task<bool> LockOpenAnyTimeAsync(DbConnection connection, DbTransaction transaction, Guid scanId, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(statements.LockOpenAnyTime, new { id = scanId }, transaction, cancellationToken: cancellationToken)) == 1;

    public Task CountSubmissionAsync(DbConnection connection, DbTransaction transaction, Guid scanId, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(statements.CountSubmission, new { id = scanId }, transaction, cancellationToken: cancellationToken));

    /// <summary>The open scan of the same organisation, instrument, period and team, if there is one.</summary>
    public Task<Guid?> OpenOfTeamAsync(DbConnection connection, DbTransaction transaction, Guid organisationId, string instrumentKey, string period, string? team, CancellationToken cancellationToken) =>
        connection.QueryFirstOrDefaultAsync<Guid?>(new CommandDefinition(
            statements.OpenOfTeam,
            new { organisationId, instrumentKey, period, team = team ?? "" },
            transaction,
            cancellationToken: cancellationToken));

    /// <summary>An organisation's completed scans of one instrument version and period, first completed first.</summary>
    public async Task<IReadOnlyList<ScanRow>> CompletedOfPeriodAsync(Guid organisationId, string instrumentKey, int instrumentVersion, string period, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ScanRow>(new CommandDefinition(
            statements.CompletedOfPeriod,
            new { organisationId, instrumentKey, instrumentVersion, period },
            cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>Open scans whose deadline has passed, oldest deadline first.</summary>
    public async Task<IReadOnlyList<Guid>> DueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<Guid>(new CommandDefinition(statements.Due, new { now }, cancellationToken: cancellationToken))).ToList();
    }

    public async Task<bool> ExpireAsync(DbConnection connection, DbTransaction transaction, Guid scanId, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(statements.Expire, new { id = scanId }, transaction, cancellationToken: cancellationToken)) == 1;

    /// <returns>false when the scan was withdrawn already (or does not exist).</returns>
    public async Task<bool> WithdrawAsync(DbConnection connection, DbTransaction transaction, Guid scanId, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(statements.Withdraw, new { id = scanId }, transaction, cancellationToken: cancellationToken)) == 1;

    public async Task<bool> CloseAsync(DbConnection connection, DbTransaction transaction, Guid scanId, DateTimeOffset completedAt, string resultTokenHash, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(statements.Close, new { id = scanId, completedAt, resultTokenHash }, transaction, cancellationToken: cancellationToken)) == 1;

    /// <returns>false when the scan is not completed.</returns>
    public async Task<bool> RenewResultTokenAsync(Guid scanId, string resultTokenHash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(statements.RenewResultToken, new { id = scanId, resultTokenHash }, cancellationToken: cancellationToken)) == 1;
    }

    public Task SaveScoresAsync(DbConnection connection, DbTransaction transaction, Guid scanId, string scoresJson, string completedEventJson, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(statements.SaveScores, new { id = scanId, scores = scoresJson, completedEvent = completedEventJson }, transaction, cancellationToken: cancellationToken));
}
