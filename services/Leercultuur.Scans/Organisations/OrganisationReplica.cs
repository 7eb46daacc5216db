using System.Data.Common;
using Dapper;
using Leercultuur.Data;

namespace Leercultuur.Scans.Organisations;

/// <summary>
/// Event-carried state: the organisations this service has heard of, with their classification and
/// programmes, so scans start (and carry the right classification) while the organisation service is
/// down. Every change to one organisation first takes its lock, so an erasure and a late event about
/// the same organisation never interleave.
/// </summary>
public sealed class OrganisationReplica(Database<ScansModule> database, Leercultuur.ServiceDefaults.Idempotency.IdempotencyStore<ScansModule> idempotency)
{
    private readonly OrganisationReplicaStatements statements = new(database.Dialect);

    /// <returns>false when the copy already held this version or a newer one, or the organisation was erased.</returns>
    public async Task<bool> ApplyAsync(DbConnection connection, DbTransaction transaction, OrganisationState state, CancellationToken cancellationToken)
    {
        await database.LockAsync(connection, transaction, Lock(state.OrganisationId), cancellationToken);
        if (await IsErasedAsync(connection, transaction, state.OrganisationId, cancellationToken))
        {
            return false;
        }

        return await connection.ExecuteAsync(new CommandDefinition(
            statements.Upsert,
            new
            {
                organisation_id = state.OrganisationId,
                sbi_version = state.Sector.SbiVersion,
                sbi_code = state.Sector.SbiCode,
                sbi_section = state.Sector.Section,
                size_class = state.SizeClass,
                province = state.Province,
                programme_ids = string.Join(',', state.ProgrammeIds),
                registered_at = state.RegisteredAt,
                version = state.Version,
            },
            transaction,
            cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>Removes the copy, the organisation's scans and every answer to them, and remembers the id.</summary>
    public async Task EraseAsync(DbConnection connection, DbTransaction transaction, Guid organisationId, DateTimeOffset erasedAt, CancellationToken cancellationToken)
    {
        await database.LockAsync(connection, transaction, Lock(organisationId), cancellationToken);
        var key = new { organisationId };

        // The kept first answers of its scans' creation name them.
        var scans = await connection.QueryAsync<Guid>(new CommandDefinition(statements.ScanIds, key, transaction, cancellationToken: cancellationToken));
        await idempotency.ForgetAnswersAboutAsync(connection, transaction, scans.Append(organisationId), cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(statements.LockScans, key, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(statements.DeleteResponses, key, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(statements.DeleteRespondents, key, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(statements.DeleteScans, key, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(statements.DeleteReplica, key, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(statements.Tombstone, new { organisation_id = organisationId, erased_at = erasedAt }, transaction, cancellationToken: cancellationToken));
    }

    public async Task<ReplicatedOrganisation?> FindAsync(Guid organisationId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await FindAsync(connection, null, organisationId, cancellationToken);
    }

    public Task<ReplicatedOrganisation?> FindAsync(DbConnection connection, DbTransaction? transaction, Guid organisationId, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<ReplicatedOrganisation>(new CommandDefinition(statements.Find, new { organisationId }, transaction, cancellationToken: cancellationToken));

    private async Task<bool> IsErasedAsync(DbConnection connection, DbTransaction transaction, Guid organisationId, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<int>(new CommandDefinition(statements.IsErased, new { organisationId }, transaction, cancellationToken: cancellationToken)) > 0;

    /// <summary>
    /// The copy, read under the organisation's lock for the rest of the transaction: an erasure waits until
    /// the caller commits, or has already removed the copy (then null).
    /// </summary>
    public async Task<ReplicatedOrganisation?> LockAndFindAsync(DbConnection connection, DbTransaction transaction, Guid organisationId, CancellationToken cancellationToken)
    {
        await database.LockAsync(connection, transaction, Lock(organisationId), cancellationToken);
        return await FindAsync(connection, transaction, organisationId, cancellationToken);
    }

    private static string Lock(Guid organisationId) => $"scans:organisation:{organisationId:D}";
}
