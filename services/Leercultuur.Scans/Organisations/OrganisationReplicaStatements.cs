using Leercultuur.Data;

namespace Leercultuur.Scans.Organisations;

public sealed class OrganisationReplicaStatements(ISqlDialect dialect) : ISqlStatements
{
    // Conditional on the version: an event older than the copy (a late or redelivered one) changes nothing.
    // registered_at is written when the row is first inserted and kept after.
    public string Upsert { get; } = dialect.Upsert(new UpsertSpec(
        "organisation_replicas",
        ["organisation_id"],
        ["sbi_version", "sbi_code", "sbi_section", "size_class", "province", "programme_ids", "registered_at", "version"],
        [
            ColumnUpdate.Replace("sbi_version"),
            ColumnUpdate.Replace("sbi_code"),
            ColumnUpdate.Replace("sbi_section"),
            ColumnUpdate.Replace("size_class"),
            ColumnUpdate.Replace("province"),
            ColumnUpdate.Replace("programme_ids"),
            ColumnUpdate.Replace("version"),
        ])
    {
        OnlyWhenGreater = "version",
    });

    public string Find { get; } =
        "SELECT organisation_id, sbi_version, sbi_code, sbi_section, size_class, province, programme_ids, registered_at, version " +
        "FROM organisation_replicas WHERE organisation_id = @organisationId";

    public string IsErased { get; } = "SELECT COUNT(*) FROM erased_organisations WHERE organisation_id = @organisationId";

    public string Tombstone { get; } = dialect.Upsert(new UpsertSpec("erased_organisations", ["organisation_id"], ["erased_at"], []));

    // Erasure takes the scans' row locks first, in the order a submission takes them (scan, then
    // respondent), so an erasure and a submission never wait on each other in a cycle.
    public string LockScans { get; } = "UPDATE scans SET status = status WHERE organisation_id = @organisationId";

    // Erasure, children first: the answers, the scans, the copy.
    public string DeleteResponses { get; } =
        "DELETE FROM scan_responses WHERE scan_id IN (SELECT id FROM scans WHERE organisation_id = @organisationId)";

    public string DeleteRespondents { get; } =
        "DELETE FROM respondents WHERE scan_id IN (SELECT id FROM scans WHERE organisation_id = @organisationId)";

    public string ScanIds { get; } = "SELECT id FROM scans WHERE organisation_id = @organisationId";

    public string DeleteScans { get; } = "DELETE FROM scans WHERE organisation_id = @organisationId";

    public string DeleteReplica { get; } = "DELETE FROM organisation_replicas WHERE organisation_id = @organisationId";
}
