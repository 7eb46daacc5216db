using Leercultuur.Data;

namespace Leercultuur.Scans.Organisations;

public sealed class OrganisationReplicaStatements(ISqlDialect dialect) : ISqlStatements
{
    // Conditional on the version: an event older than the copy (a late or redelivered one) changes nothing.
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
            ColumnUpdate.Replace("registered_at"),
            ColumnUpdate.Replace("version"),
        ])
    {
        OnlyWhenGreater = "version",
    });

    public string Find { get; } =
        "SELECT organisation_id, sbi_version, sbi_code, sbi_section, size_class, province, programme_ids, registered_at, version " +
        "FROM organisation_replicas WHERE organisation_id = @organisationId";
}
