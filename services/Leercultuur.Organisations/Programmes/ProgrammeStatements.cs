using Leercultuur.Data;

namespace Leercultuur.Organisations.Programmes;

public sealed class ProgrammeStatements(ISqlDialect dialect) : ISqlStatements
{
    private const string Columns = "id, name, description, sbi_sections, webhook_url, created_at, version";

    public string Insert { get; } =
        $"INSERT INTO programmes ({Columns}) VALUES (@Id, @Name, @Description, @SbiSections, @WebhookUrl, @CreatedAt, @Version)";

    public string GetById { get; } = $"SELECT {Columns} FROM programmes WHERE id = @id";

    public string List { get; } = dialect.Page($"SELECT {Columns} FROM programmes ORDER BY name, id");

    public string Count { get; } = "SELECT COUNT(*) FROM programmes";

    public string Update { get; } =
        "UPDATE programmes SET name = @Name, description = @Description, sbi_sections = @SbiSections, webhook_url = @WebhookUrl, version = version + 1 " +
        "WHERE id = @Id AND version = @ExpectedVersion";

    /// <summary>A page of members in the order they joined, after the cursor when one is given.</summary>
    public string Members { get; } = dialect.Page(
        "SELECT organisation_id, joined_at FROM programme_members WHERE programme_id = @programme " +
        "AND (joined_at > @afterAt OR (joined_at = @afterAt AND organisation_id > @afterId)) ORDER BY joined_at, organisation_id");

    public string FirstMembers { get; } = dialect.Page(
        "SELECT organisation_id, joined_at FROM programme_members WHERE programme_id = @programme ORDER BY joined_at, organisation_id");

    public string MemberCount { get; } = "SELECT COUNT(*) FROM programme_members WHERE programme_id = @programme";
}
