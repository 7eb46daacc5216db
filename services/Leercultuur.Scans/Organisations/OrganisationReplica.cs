using System.Data.Common;
using Dapper;
using Leercultuur.Contracts;
using Leercultuur.Data;

namespace Leercultuur.Scans.Organisations;

/// <summary>
/// Event-carried state: the organisations this service has heard of through <see cref="OrganisationRegistered"/>,
/// so scans can start while the organisation service is down.
/// </summary>
public sealed class OrganisationReplica(Database<ScansModule> database)
{
    private readonly OrganisationReplicaStatements statements = new(database.Dialect);

    /// <returns>false when the copy already held this version or a newer one.</returns>
    public async Task<bool> UpsertAsync(DbConnection connection, DbTransaction transaction, OrganisationRegistered message, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(
            statements.Upsert,
            new
            {
                organisation_id = message.OrganisationId,
                sbi_version = message.Sector.SbiVersion,
                sbi_code = message.Sector.SbiCode,
                sbi_section = message.Sector.Section,
                size_class = message.SizeClass,
                province = message.Province,
                programme_ids = string.Join(',', message.ProgrammeIds),
                registered_at = message.RegisteredAt,
                version = message.Version,
            },
            transaction,
            cancellationToken: cancellationToken)) == 1;

    public async Task<ReplicatedOrganisation?> FindAsync(Guid organisationId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await FindAsync(connection, null, organisationId, cancellationToken);
    }

    public Task<ReplicatedOrganisation?> FindAsync(DbConnection connection, DbTransaction? transaction, Guid organisationId, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<ReplicatedOrganisation>(new CommandDefinition(statements.Find, new { organisationId }, transaction, cancellationToken: cancellationToken));
}
